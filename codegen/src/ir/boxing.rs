//! Decisions that need every type lowered first: boxes that break recursive types, and which
//! union variants carry their own discriminator property.

use super::{Api, TypeId, TypeKind, TypeRef};

/// The named type a use contains directly (not behind a `Vec` or map, which already allocate).
fn direct(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Option(inner) => direct(inner),
        _ => None,
    }
}

fn edges(api: &Api, id: TypeId) -> Vec<TypeId> {
    match &api.ty(id).kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(api: &Api, graph: &[Vec<TypeId>], from: TypeId, to: TypeId) -> bool {
    let mut seen = vec![false; api.types.len()];
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        stack.extend(graph[id.0].iter().copied());
    }
    false
}

/// Boxes every direct use of a type that leads back to the type using it; without it the
/// type would have infinite size.
pub fn box_cycles(api: &mut Api) {
    let graph: Vec<Vec<TypeId>> = (0..api.types.len())
        .map(|i| edges(api, TypeId(i)))
        .collect();
    let mut boxes = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        let owner = TypeId(i);
        let uses: Vec<Option<TypeId>> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| direct(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| direct(&v.ty)).collect(),
            _ => continue,
        };
        for (slot, target) in uses.into_iter().enumerate() {
            if let Some(target) = target {
                if reaches(api, &graph, target, owner) {
                    boxes.push((i, slot));
                }
            }
        }
    }
    for (i, slot) in boxes {
        match &mut api.types[i].kind {
            TypeKind::Struct(s) => s.fields[slot].boxed = true,
            TypeKind::Union(u) => u.variants[slot].boxed = true,
            _ => {}
        }
    }
}

/// Every type a use names, at any depth (inside arrays, maps and options too).
fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
            named_in(inner, out)
        }
        _ => {}
    }
}

/// Turns into newtypes the aliases that reach themselves through other aliases only
/// (`type Tree = BTreeMap<String, Tree>`), which Rust rejects as a cycle; a struct or union on
/// the way already breaks the loop, being a type of its own.
pub fn newtype_recursive_aliases(api: &mut Api) {
    let alias_edges: Vec<Vec<TypeId>> = api
        .types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            if let TypeKind::Alias(ty) = &def.kind {
                named_in(ty, &mut out);
                out.retain(|id| matches!(api.ty(*id).kind, TypeKind::Alias(_)));
            }
            out
        })
        .collect();
    let recursive: Vec<usize> = (0..api.types.len())
        .filter(|&i| {
            alias_edges[i]
                .iter()
                .any(|&next| reaches(api, &alias_edges, next, TypeId(i)))
        })
        .collect();
    for i in recursive {
        let def = &mut api.types[i];
        if let TypeKind::Alias(ty) = &def.kind {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
}

/// Aliases that name each other in a loop (`A: {$ref: B}`, `B: {$ref: A}`) describe no value
/// at all; reported at the first schema of the loop.
pub fn alias_cycle(api: &Api) -> Option<&str> {
    for def in &api.types {
        let TypeKind::Alias(TypeRef::Named(mut id)) = def.kind else {
            continue;
        };
        for _ in 0..=api.types.len() {
            if api.ty(id).origin == def.origin {
                return Some(&def.origin);
            }
            match &api.ty(id).kind {
                TypeKind::Alias(TypeRef::Named(next)) => id = *next,
                _ => break,
            }
        }
    }
    None
}

/// Follows aliases to the definition a use finally names.
pub fn resolve_alias(api: &Api, mut id: TypeId) -> TypeId {
    for _ in 0..64 {
        match &api.ty(id).kind {
            TypeKind::Alias(TypeRef::Named(next)) => id = *next,
            _ => break,
        }
    }
    id
}

pub fn resolve_tags(api: &mut Api) {
    let mut updates = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        let Some(property) = &union.discriminator else {
            continue;
        };
        for (v, variant) in union.variants.iter().enumerate() {
            let declares = match &variant.ty {
                TypeRef::Named(id) => match &api.ty(resolve_alias(api, *id)).kind {
                    TypeKind::Struct(s) => s.fields.iter().any(|f| &f.wire == property),
                    _ => false,
                },
                _ => false,
            };
            updates.push((i, v, declares));
        }
    }
    let mut reopen = Vec::new();
    for (i, v, declares) in updates {
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            u.variants[v].declares_tag = declares;
            if let (false, TypeRef::Named(id)) = (declares, &u.variants[v].ty) {
                reopen.push(*id);
            }
        }
    }
    // A member that does not declare the discriminator still receives it (the union hands
    // the whole object over); closed, a server would refuse every tagged value.
    for id in reopen {
        let id = resolve_alias(api, id);
        if let TypeKind::Struct(s) = &mut api.types[id.0].kind {
            s.closed = false;
        }
    }
}

/// Whether a use is a scalar, i.e. can be an XML attribute.
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => match &api.ty(resolve_alias(api, *id)).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => !matches!(inner, TypeRef::Named(_)) && is_scalar(api, inner),
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Newtype(_) => false,
        },
        TypeRef::Option(inner) => is_scalar(api, inner),
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Any => false,
        _ => true,
    }
}

/// `xml.attribute` is only meaningful on scalars; elsewhere it is dropped (and reported by
/// the caller, with the property's place).
pub fn drop_non_scalar_attributes(api: &mut Api) -> Vec<(String, String)> {
    let mut dropped = Vec::new();
    for i in 0..api.types.len() {
        let TypeKind::Struct(s) = &api.types[i].kind else {
            continue;
        };
        let bad: Vec<usize> = s
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.xml.as_ref().is_some_and(|x| x.attribute) && !is_scalar(api, &f.ty))
            .map(|(j, _)| j)
            .collect();
        if let TypeKind::Struct(s) = &mut api.types[i].kind {
            for j in bad {
                let field = &mut s.fields[j];
                if let Some(xml) = field.xml.as_mut() {
                    xml.attribute = false;
                }
                dropped.push((field.origin.clone(), field.wire.clone()));
            }
        }
    }
    dropped
}
