//! Which operations return one page of a list that links to the next, so that clients can
//! offer a walk over every page. Detected from the response shape alone, with no knowledge of
//! any particular API: a `GET` whose `200` body is an object with an array of items and a
//! "next" link, at the top level or one object down (`pagination.nextPageUrl`,
//! `links.next`), or with a token for the next page that a query parameter sends back
//! (`next_page` and `page_token`, `next_cursor` and `cursor`), or whose `200` response
//! documents a `Link` header (RFC 8288, as GitHub and GitLab page) with an array, or an object
//! holding one, as its body.

use super::{Api, Operation, Presence, Status, Struct, TypeKind, TypeRef};

/// Property names that hold the URL of the next page (compared case-insensitively).
const NEXT_NAMES: &[&str] = &[
    "next",
    "nextpageurl",
    "next_page_url",
    "nexturl",
    "next_url",
    "nextlink",
];

/// Property names that hold the token of the next page (compared case-insensitively), read
/// as a token only when the operation has a query parameter to send it back in.
const TOKEN_NAMES: &[&str] = &[
    "next_page",
    "nextpage",
    "next_page_token",
    "nextpagetoken",
    "next_cursor",
    "nextcursor",
    "next_token",
    "nexttoken",
    "continuation_token",
    "continuationtoken",
    "cursor",
];

/// Query parameter names that carry a page token (compared case-insensitively).
const TOKEN_PARAMS: &[&str] = &[
    "page_token",
    "pagetoken",
    "cursor",
    "page_cursor",
    "next_token",
    "nexttoken",
    "continuation_token",
    "continuationtoken",
];

/// Names of the items array, preferred when a page has more than one array.
const ITEM_NAMES: &[&str] = &[
    "data", "items", "results", "value", "values", "records", "entries", "content",
];

/// One field on the way from a page to its items or its next link.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// The Rust field name.
    pub name: String,
    /// The property name on the wire.
    pub wire: String,
    pub presence: Presence,
    pub boxed: bool,
}

/// Where the URL of the next page is.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// In the body: the fields leading to it (one or two).
    Field(Vec<FieldStep>),
    /// The `rel="next"` target of the `Link` header.
    LinkHeader,
    /// A token in the body (the fields leading to it), sent back as the query parameter
    /// `param` (its wire name).
    Token {
        steps: Vec<FieldStep>,
        param: String,
    },
}

/// How to read a page of a paginated operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The page type (the `200` body).
    pub page: TypeRef,
    /// The field of the page that holds the items; `None` when the page is the array itself.
    pub items: Option<FieldStep>,
    /// The type of one item.
    pub item: TypeRef,
    pub next: NextPage,
}

/// The pagination of `op`, if its shape is a page with a next link.
pub fn pagination(api: &Api, op: &Operation) -> Option<Pagination> {
    if op.method != "GET" || op.request.is_some() {
        return None;
    }
    let ok = op
        .responses
        .iter()
        .find(|r| r.status == Status::Code(200))?;
    let page = ok.body()?;
    let link_header = ok
        .headers
        .iter()
        .any(|h| h.wire.eq_ignore_ascii_case("link"))
        .then_some(NextPage::LinkHeader);
    if let TypeRef::Array(item) = resolve(api, page) {
        return Some(Pagination {
            page: page.clone(),
            items: None,
            item: (**item).clone(),
            next: link_header?,
        });
    }
    let fields = object(api, page)?;
    let (items, item) = items_field(api, fields)?;
    let token = token_param(op).and_then(|param| {
        let steps = find_field(api, fields, TOKEN_NAMES)?;
        Some(NextPage::Token { steps, param })
    });
    let next = token
        .or_else(|| find_field(api, fields, NEXT_NAMES).map(NextPage::Field))
        .or(link_header)?;
    Some(Pagination {
        page: page.clone(),
        items: Some(items),
        item,
        next,
    })
}

/// Follows aliases to the type they name.
fn resolve<'a>(api: &'a Api, mut ty: &'a TypeRef) -> &'a TypeRef {
    // Bounded: lowering rejects alias cycles, but a bound costs nothing.
    for _ in 0..64 {
        match ty {
            TypeRef::Named(id) => match &api.ty(*id).kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

fn object<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<&'a Struct> {
    match resolve(api, ty) {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn step(field: &super::Field) -> FieldStep {
    FieldStep {
        name: field.name.clone(),
        wire: field.wire.clone(),
        presence: field.presence,
        boxed: field.boxed,
    }
}

/// The items array: a field with a conventional name if there is one, else the first array.
fn items_field(api: &Api, fields: &Struct) -> Option<(FieldStep, TypeRef)> {
    let arrays: Vec<(&super::Field, &TypeRef)> = fields
        .fields
        .iter()
        .filter_map(|f| match resolve(api, &f.ty) {
            TypeRef::Array(item) => Some((f, item.as_ref())),
            _ => None,
        })
        .collect();
    let (field, item) = arrays
        .iter()
        .find(|(f, _)| ITEM_NAMES.contains(&f.wire.to_ascii_lowercase().as_str()))
        .or_else(|| arrays.first())?;
    Some((step(field), (*item).clone()))
}

/// A string property that may be absent or null (the last page has none), with one of
/// `names`.
fn is_named(api: &Api, field: &super::Field, names: &[&str]) -> bool {
    field.presence != Presence::Required
        && names.contains(&field.wire.to_ascii_lowercase().as_str())
        && *resolve(api, &field.ty) == TypeRef::String
}

/// The field with one of `names` at the top level, else in the first object field that
/// holds one (`links.next`, `response_metadata.next_cursor`).
fn find_field(api: &Api, fields: &Struct, names: &[&str]) -> Option<Vec<FieldStep>> {
    if let Some(field) = fields.fields.iter().find(|f| is_named(api, f, names)) {
        return Some(vec![step(field)]);
    }
    fields.fields.iter().find_map(|outer| {
        let inner = object(api, &outer.ty)?;
        let field = inner.fields.iter().find(|f| is_named(api, f, names))?;
        Some(vec![step(outer), step(field)])
    })
}

/// The query parameter a page token goes back in, by its wire name.
fn token_param(op: &Operation) -> Option<String> {
    op.parameters
        .iter()
        .find(|p| {
            p.location == super::ParamLocation::Query
                && TOKEN_PARAMS.contains(&p.wire.to_ascii_lowercase().as_str())
        })
        .map(|p| p.wire.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(page: &str, method: &str) -> String {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things:
    {method}:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Page'}}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {{type: integer}}
    Page:
{page}"
        )
    }

    fn detect(page: &str, method: &str) -> Option<Pagination> {
        let api = crate::ir::testing::api_from_yaml(&spec(page, method));
        let op = &api.operations[0];
        pagination(&api, op)
    }

    fn names(steps: &[FieldStep]) -> Vec<&str> {
        steps.iter().map(|s| s.name.as_str()).collect()
    }

    const NESTED: &str = "      type: object
      required: [data, pagination]
      properties:
        data:
          type: array
          items: {$ref: '#/components/schemas/Thing'}
        pagination:
          type: object
          required: [nextPageUrl]
          properties:
            total: {type: integer}
            nextPageUrl: {type: string, nullable: true}
";

    #[test]
    fn a_link_one_level_down_is_found() {
        let found = detect(NESTED, "get").expect("paginated");
        let items = found.items.expect("an items field");
        assert_eq!(items.name, "data");
        assert_eq!(items.presence, Presence::Required);
        let NextPage::Field(next) = &found.next else {
            panic!("{:?}", found.next)
        };
        assert_eq!(names(next), ["pagination", "next_page_url"]);
        assert_eq!(next[1].presence, Presence::RequiredNullable);
        assert!(matches!(found.item, TypeRef::Named(_)));
    }

    #[test]
    fn a_top_level_link_and_a_conventional_items_name_win() {
        let page = "      type: object
      properties:
        tags: {type: array, items: {type: string}}
        results:
          type: array
          items: {$ref: '#/components/schemas/Thing'}
        NextLink: {type: string}
        links:
          type: object
          properties:
            next: {type: string, nullable: true}
";
        let found = detect(page, "get").expect("paginated");
        assert_eq!(found.items.expect("an items field").name, "results");
        let NextPage::Field(next) = &found.next else {
            panic!("{:?}", found.next)
        };
        assert_eq!(names(next), ["next_link"]);
        assert_eq!(next[0].presence, Presence::Optional);
    }

    fn with_link_header(body: &str, link: bool) -> Option<Pagination> {
        let headers = if link {
            "          headers:\n            Link: {$ref: '#/components/headers/link'}\n"
        } else {
            ""
        };
        let api = crate::ir::testing::api_from_yaml(&format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
{headers}          content:
            application/json:
              schema: {body}
components:
  headers:
    link:
      schema: {{type: string}}
"
        ));
        pagination(&api, &api.operations[0])
    }

    #[test]
    fn a_link_header_pages_an_array_or_an_object_without_a_link() {
        let found =
            with_link_header("{type: array, items: {type: integer}}", true).expect("paginated");
        assert_eq!(found.items, None);
        assert_eq!(found.next, NextPage::LinkHeader);
        assert_eq!(found.item, TypeRef::Integer(super::super::IntKind::I64));
        let object = "{type: object, properties: {total: {type: integer}, items: {type: array, items: {type: string}}}}";
        let found = with_link_header(object, true).expect("paginated");
        assert_eq!(found.items.expect("an items field").name, "items");
        assert_eq!(found.next, NextPage::LinkHeader);
        assert_eq!(
            with_link_header("{type: array, items: {type: integer}}", false),
            None,
            "an array alone is not a page"
        );
    }

    #[test]
    fn a_token_pages_only_with_a_parameter_to_send_it_back() {
        let page = "      type: object
      required: [items]
      properties:
        items:
          type: array
          items: {$ref: '#/components/schemas/Thing'}
        next_page: {type: string, nullable: true}
";
        assert_eq!(detect(page, "get"), None, "no page_token parameter");
        let spec = spec(page, "get").replace(
            "      operationId: listThings\n",
            "      operationId: listThings\n      parameters:\n        - {name: page_token, in: query, schema: {type: string}}\n",
        );
        let api = crate::ir::testing::api_from_yaml(&spec);
        let found = pagination(&api, &api.operations[0]).expect("paginated");
        let NextPage::Token { steps, param } = &found.next else {
            panic!("{:?}", found.next)
        };
        assert_eq!(
            (names(steps), param.as_str()),
            (vec!["next_page"], "page_token")
        );
    }

    #[test]
    fn other_shapes_are_not_pages() {
        assert_eq!(detect(NESTED, "post"), None, "only GET walks");
        let required_next = "      type: object
      required: [items, next]
      properties:
        items: {type: array, items: {type: string}}
        next: {type: string}
";
        assert_eq!(
            detect(required_next, "get"),
            None,
            "a required link never ends"
        );
        let no_items = "      type: object
      properties:
        next: {type: string, nullable: true}
";
        assert_eq!(detect(no_items, "get"), None);
        let two_down = "      type: object
      properties:
        items: {type: array, items: {type: string}}
        meta:
          type: object
          properties:
            links:
              type: object
              properties:
                next: {type: string}
";
        assert_eq!(detect(two_down, "get"), None, "at most one level down");
        let not_string = "      type: object
      properties:
        items: {type: array, items: {type: string}}
        next: {type: integer}
";
        assert_eq!(detect(not_string, "get"), None);
    }
}
