//! Lowering operations: parameters, bodies, responses and their examples.

use super::lower::{Lowerer, SchemaRef};
use super::names::{self, camel, snake, Scope};
use super::{
    Content, Docs, Encoding, Example, ExamplePlace, Header, Operation, ParamLocation, Parameter,
    RequestBody, Response, Status, TypeRef,
};
use crate::diagnostic::{push_pointer, Result};
use indexmap::IndexMap;
use openapiv3::{MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use serde_json::Value;

struct RawOperation<'a> {
    path: &'a str,
    method: &'a str,
    pointer: String,
    item_pointer: String,
    item: &'a openapiv3::PathItem,
    op: &'a openapiv3::Operation,
}

pub(super) fn lower_operations(l: &mut Lowerer<'_>) -> Result<(Vec<Operation>, Vec<Example>)> {
    let spec = l.spec;
    let mut raw = Vec::new();
    for (path, item) in &spec.openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let item_pointer = push_pointer("/paths", path);
        for (method, op) in item.iter() {
            raw.push(RawOperation {
                path,
                method,
                pointer: push_pointer(&item_pointer, method),
                item_pointer: item_pointer.clone(),
                item,
                op,
            });
        }
    }
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for r in &raw {
        if let Some(id) = r.op.operation_id.as_deref() {
            if let Some(first) = seen.insert(id, &r.pointer) {
                return Err(crate::Diagnostic::new(format!(
                    "operationId `{id}` is used twice (first at #{first}); operationIds must be unique"
                ))
                .at(spec.locate(&format!("{}/operationId", r.pointer)))
                .into());
            }
        }
    }
    let wire: Vec<String> = raw
        .iter()
        .map(|r| {
            r.op.operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {}", r.method, r.path))
        })
        .collect();
    let mut fn_scope = Scope::default();
    let fn_names = names::assign(&wire, snake, &mut fn_scope, "_");
    let mut operations = Vec::with_capacity(raw.len());
    let mut examples = Vec::new();
    let mut test_scope = Scope::default();
    for (r, name) in raw.iter().zip(fn_names) {
        let type_name = camel(&name);
        let op = lower_operation(l, r, name, type_name, &mut examples, &mut test_scope)?;
        operations.push(op);
    }
    Ok((operations, examples))
}

fn style_of<T: serde::Serialize>(style: &T) -> Option<String> {
    serde_json::to_value(style)
        .ok()?
        .as_str()
        .map(str::to_owned)
}

fn lower_operation<'a>(
    l: &mut Lowerer<'a>,
    r: &RawOperation<'a>,
    name: String,
    type_name: String,
    examples: &mut Vec<Example>,
    test_scope: &mut Scope,
) -> Result<Operation> {
    let op = r.op;
    // Path-level parameters apply unless the operation redefines the same name and location.
    let mut params: Vec<(&'a openapiv3::Parameter, String)> = Vec::new();
    for (i, p) in r.item.parameters.iter().enumerate() {
        if let ReferenceOr::Item(p) = p {
            params.push((p, format!("{}/parameters/{i}", r.item_pointer)));
        }
    }
    for (i, p) in op.parameters.iter().enumerate() {
        if let ReferenceOr::Item(p) = p {
            let key = (
                p.parameter_data_ref().name.as_str(),
                std::mem::discriminant(p),
            );
            params.retain(|(q, _)| {
                (
                    q.parameter_data_ref().name.as_str(),
                    std::mem::discriminant(*q),
                ) != key
            });
            params.push((p, format!("{}/parameters/{i}", r.pointer)));
        }
    }
    // OpenAPI: header parameters named `Accept`, `Content-Type` or `Authorization` "SHALL be
    // ignored"; content negotiation and security schemes own those headers.
    params.retain(|(p, pointer)| {
        let name = &p.parameter_data_ref().name;
        let owned = matches!(p, openapiv3::Parameter::Header { .. })
            && ["accept", "content-type", "authorization"]
                .iter()
                .any(|owned| name.eq_ignore_ascii_case(owned));
        if owned {
            l.warn(
                pointer,
                format!("the header parameter `{name}` is ignored, as OpenAPI requires: media types and security schemes set that header"),
            );
        }
        !owned
    });
    let wire: Vec<String> = params
        .iter()
        .map(|(p, _)| p.parameter_data_ref().name.clone())
        .collect();
    let mut param_scope = Scope::default();
    let param_names = names::assign(&wire, snake, &mut param_scope, "_");
    let mut parameters = Vec::with_capacity(params.len());
    for ((p, pointer), pname) in params.into_iter().zip(param_names) {
        let data = p.parameter_data_ref();
        let (location, style) = match p {
            openapiv3::Parameter::Path { style, .. } => (ParamLocation::Path, style_of(style)),
            openapiv3::Parameter::Query { style, .. } => (ParamLocation::Query, style_of(style)),
            openapiv3::Parameter::Header { style, .. } => (ParamLocation::Header, style_of(style)),
            openapiv3::Parameter::Cookie { style, .. } => (ParamLocation::Cookie, style_of(style)),
        };
        let hint = format!("{type_name}{}", camel(&data.name));
        let mut constraints = match &data.format {
            ParameterSchemaOrContent::Schema(_) => {
                super::constraints::constraints_at(&l.spec.document, &format!("{pointer}/schema"))
            }
            ParameterSchemaOrContent::Content(_) => Default::default(),
        };
        for problem in super::constraints::drop_unsupported_patterns(&mut constraints) {
            l.warn(&pointer, problem);
        }
        let (lowered, default) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let default = match schema {
                    ReferenceOr::Item(s) => s.schema_data.default.clone(),
                    ReferenceOr::Reference { .. } => None,
                };
                (
                    l.lower(schema.into(), &format!("{pointer}/schema"), &hint)?,
                    default,
                )
            }
            ParameterSchemaOrContent::Content(content) => {
                match content
                    .iter()
                    .find_map(|(media, m)| m.schema.as_ref().map(|s| (media, s)))
                {
                    Some((media, schema)) => (
                        l.lower(
                            schema.into(),
                            &format!(
                                "{}/schema",
                                push_pointer(&format!("{pointer}/content"), media)
                            ),
                            &hint,
                        )?,
                        None,
                    ),
                    None => (
                        super::lower::Lowered {
                            ty: TypeRef::Any,
                            nullable: false,
                        },
                        None,
                    ),
                }
            }
        };
        parameters.push(Parameter {
            name: pname,
            wire: data.name.clone(),
            location,
            ty: lowered.ty,
            required: data.required || location == ParamLocation::Path,
            nullable: lowered.nullable,
            style,
            explode: data.explode,
            default,
            docs: Docs {
                description: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                ..Docs::default()
            },
            constraints,
        });
    }
    // A template parameter the operation does not declare: the spec is invalid, but its intent
    // is clear, and without a parameter the client would send the path without the segment.
    for part in super::path_parts(r.path) {
        let super::PathPart::Param(wire) = part else {
            continue;
        };
        let declared = parameters
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire == wire);
        if declared {
            continue;
        }
        l.warn(
            &r.pointer,
            format!("path parameter `{wire}` is in the path but not declared; it is read as a required string"),
        );
        parameters.push(Parameter {
            name: param_scope.claim_with(&snake(&wire), "_"),
            wire,
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            nullable: false,
            style: None,
            explode: None,
            default: None,
            docs: Docs::default(),
            constraints: Default::default(),
        });
    }

    let request = match &op.request_body {
        Some(ReferenceOr::Item(body)) => {
            let pointer = format!("{}/requestBody", r.pointer);
            let contents = lower_contents(
                l,
                &body.content,
                &pointer,
                &format!("{type_name}Request"),
                &ExampleSite {
                    operation: &name,
                    place: ExamplePlace::Request,
                },
                examples,
                test_scope,
            )?;
            Some(RequestBody {
                required: body.required,
                docs: Docs {
                    description: body.description.clone(),
                    ..Docs::default()
                },
                contents,
            })
        }
        _ => None,
    };

    let mut responses = Vec::new();
    let mut statuses: Vec<(Status, &'a ReferenceOr<openapiv3::Response>, String)> = op
        .responses
        .responses
        .iter()
        .map(|(code, response)| {
            let status = match code {
                StatusCode::Code(code) => Status::Code(*code),
                StatusCode::Range(class) => Status::Range(*class),
            };
            (status, response, code.to_string())
        })
        .collect();
    if let Some(default) = &op.responses.default {
        statuses.push((Status::Default, default, "default".to_owned()));
    }
    let successes = statuses
        .iter()
        .filter(|(s, r, _)| s.is_success() && has_inline_schema(r))
        .count();
    for (status, response, key) in statuses {
        let ReferenceOr::Item(response) = response else {
            continue;
        };
        let pointer = push_pointer(&format!("{}/responses", r.pointer), &key);
        let hint = if status.is_success() && successes == 1 {
            format!("{type_name}Response")
        } else {
            let status_word = match &status {
                Status::Code(code) => code.to_string(),
                Status::Range(class) => format!("{class}xx"),
                Status::Default => "Default".to_owned(),
            };
            format!("{type_name}Response{status_word}")
        };
        let contents = lower_contents(
            l,
            &response.content,
            &pointer,
            &hint,
            &ExampleSite {
                operation: &name,
                place: ExamplePlace::Response(status.clone()),
            },
            examples,
            test_scope,
        )?;
        let mut headers = Vec::new();
        // OpenAPI: a response header named `Content-Type` "SHALL be ignored" (the media type
        // says it).
        let declared: Vec<_> = response
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
            .collect();
        let wire: Vec<String> = declared.iter().map(|(name, _)| (*name).clone()).collect();
        let field_names = names::assign(&wire, snake, &mut Scope::default(), "_");
        for ((header_name, header), name) in declared.into_iter().zip(field_names) {
            let ReferenceOr::Item(header) = header else {
                continue;
            };
            let header_pointer = push_pointer(&format!("{pointer}/headers"), header_name);
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    l.lower(
                        schema.into(),
                        &format!("{header_pointer}/schema"),
                        &format!("{hint}{}Header", camel(header_name)),
                    )?
                    .ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            headers.push(Header {
                name,
                wire: header_name.clone(),
                ty,
                required: header.required,
                docs: Docs {
                    description: header.description.clone(),
                    ..Docs::default()
                },
            });
        }
        responses.push(Response {
            status,
            docs: Docs {
                description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                ..Docs::default()
            },
            contents,
            headers,
        });
    }

    let security = op.security.as_ref().map(|alternatives| {
        alternatives
            .iter()
            .map(|requirement| requirement.keys().cloned().collect())
            .collect()
    });
    Ok(Operation {
        name,
        type_name,
        operation_id: op.operation_id.clone(),
        method: r.method.to_uppercase(),
        path: r.path.to_owned(),
        docs: Docs {
            title: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            notes: Vec::new(),
        },
        summary: op.summary.clone(),
        tags: op.tags.clone(),
        parameters,
        request,
        responses,
        security,
    })
}

fn has_inline_schema(response: &ReferenceOr<openapiv3::Response>) -> bool {
    match response {
        ReferenceOr::Item(r) => r
            .content
            .values()
            .any(|m| matches!(m.schema, Some(ReferenceOr::Item(_)))),
        ReferenceOr::Reference { .. } => false,
    }
}

struct ExampleSite<'s> {
    operation: &'s str,
    place: ExamplePlace,
}

fn lower_contents<'a>(
    l: &mut Lowerer<'a>,
    content: &'a IndexMap<String, MediaType>,
    pointer: &str,
    hint: &str,
    site: &ExampleSite<'_>,
    examples: &mut Vec<Example>,
    test_scope: &mut Scope,
) -> Result<Vec<Content>> {
    let mut out: Vec<Content> = Vec::new();
    let mut seen: Vec<(Value, TypeRef, bool)> = Vec::new();
    for (media, media_type) in content {
        let media_pointer = push_pointer(&format!("{pointer}/content"), media);
        let lowered = match &media_type.schema {
            Some(schema) => {
                // JSON and XML (or two form encodings) usually share one inline schema: one type.
                let raw = serde_json::to_value(schema).unwrap_or(Value::Null);
                match seen.iter().find(|(r, _, _)| *r == raw) {
                    Some((_, ty, nullable)) => Some((ty.clone(), *nullable)),
                    None => {
                        let lowered = l.lower(
                            SchemaRef::from(schema),
                            &format!("{media_pointer}/schema"),
                            hint,
                        )?;
                        seen.push((raw, lowered.ty.clone(), lowered.nullable));
                        Some((lowered.ty, lowered.nullable))
                    }
                }
            }
            None => None,
        };
        let encoding = media_type
            .encoding
            .iter()
            .map(|(property, e)| Encoding {
                property: property.clone(),
                style: e.style.as_ref().and_then(style_of),
                explode: Some(e.explode),
                content_type: e.content_type.clone(),
            })
            .collect();
        let (ty, nullable) = match lowered {
            Some((ty, nullable)) => (Some(ty), nullable),
            None => (None, false),
        };

        let mut found: Vec<(String, Value, String)> = Vec::new();
        if let Some(value) = &media_type.example {
            found.push((
                "example".to_owned(),
                value.clone(),
                format!("{media_pointer}/example"),
            ));
        }
        for (example_name, example) in &media_type.examples {
            if let ReferenceOr::Item(example) = example {
                if let Some(value) = &example.value {
                    let example_pointer =
                        push_pointer(&format!("{media_pointer}/examples"), example_name);
                    found.push((
                        example_name.clone(),
                        value.clone(),
                        format!("{example_pointer}/value"),
                    ));
                }
            }
        }
        for (example_name, value, example_pointer) in found {
            let place = match &site.place {
                ExamplePlace::Request => "request".to_owned(),
                ExamplePlace::Response(status) => format!("response_{}", status.label()),
            };
            let subtype = media.split(['/', ';']).nth(1).unwrap_or(media);
            let test_name = test_scope.claim_with(
                &snake(&format!(
                    "{} {place} {subtype} {example_name}",
                    site.operation
                )),
                "_",
            );
            examples.push(Example {
                test_name,
                operation: site.operation.to_owned(),
                place: site.place.clone(),
                media_type: media.clone(),
                name: example_name,
                value,
                ty: ty.clone(),
                nullable,
                pointer: example_pointer,
            });
        }
        let constraints = match &media_type.schema {
            Some(_) => super::constraints::constraints_at(
                &l.spec.document,
                &format!("{media_pointer}/schema"),
            ),
            None => Default::default(),
        };
        out.push(Content {
            media_type: media.clone(),
            ty,
            nullable,
            constraints,
            encoding,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::ir::{ParamLocation, TypeRef};

    #[test]
    fn undeclared_template_parameters_become_required_strings() {
        let api = crate::ir::testing::api_from_paths(
            "  /users/{user_id}/items/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: Accept, in: header, schema: {type: string}}
      responses:
        '200': {description: ok}
",
        );
        let params: Vec<(&str, &str, ParamLocation, &TypeRef, bool)> = api.operations[0]
            .parameters
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.wire.as_str(),
                    p.location,
                    &p.ty,
                    p.required,
                )
            })
            .collect();
        assert_eq!(
            params,
            [
                (
                    "id",
                    "id",
                    ParamLocation::Path,
                    &TypeRef::Integer(crate::ir::IntKind::I64),
                    true
                ),
                (
                    "user_id",
                    "user_id",
                    ParamLocation::Path,
                    &TypeRef::String,
                    true
                ),
            ],
            "declared first, the missing one added, `Accept` ignored"
        );
    }
}
