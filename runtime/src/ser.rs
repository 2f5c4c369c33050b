//! What `#[derive(apigen_runtime::Serialize)]` expands to calls: one function per field, per
//! flattened map and per unit variant, written once here, generic over the format, so that the
//! code derived per type stays small (see the derive's documentation).

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

/// One field of a struct, or its skip when `skip_serializing_if` said so.
pub fn field<S: SerializeStruct, T: Serialize + ?Sized>(
    state: &mut S,
    name: &'static str,
    value: &T,
    skip: bool,
) -> Result<(), S::Error> {
    if skip {
        state.skip_field(name)
    } else {
        state.serialize_field(name, value)
    }
}

/// One field of a struct written as a map (it has a flattened field), unless skipped.
pub fn entry<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    name: &'static str,
    value: &T,
    skip: bool,
) -> Result<(), M::Error> {
    if skip {
        Ok(())
    } else {
        map.serialize_entry(name, value)
    }
}

/// The entries of a flattened map, as properties of the object around it.
pub fn flatten<'a, M, F, K, V>(map: &mut M, flattened: &'a F) -> Result<(), M::Error>
where
    M: SerializeMap,
    &'a F: IntoIterator<Item = (&'a K, &'a V)>,
    K: Serialize + 'a,
    V: Serialize + 'a,
{
    for (key, value) in flattened {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

/// A unit variant, by its index among `variants` (its wire names).
pub fn unit_variant<S: Serializer>(
    serializer: S,
    name: &'static str,
    index: u32,
    variants: &'static [&'static str],
) -> Result<S::Ok, S::Error> {
    let wire = usize::try_from(index)
        .ok()
        .and_then(|index| variants.get(index))
        .copied()
        .unwrap_or_default();
    serializer.serialize_unit_variant(name, index, wire)
}
