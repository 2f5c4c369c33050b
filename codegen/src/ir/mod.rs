//! The intermediate representation: every naming and typing decision, made once.
//!
//! Backends read only these types, never `openapiv3`; a name or a type chosen here is the
//! name or type every backend uses.

mod boxing;
mod constraints;
mod flat;
mod http;
mod lower;
pub mod names;
mod operations;
mod pagination;
#[cfg(test)]
pub(crate) mod testing;

pub use http::{
    path_parts, route_shape, style_known, BodyShape, Http, PathPart, SchemeKind, SecurityScheme,
};
pub use lower::lower;
pub use pagination::{pagination, FieldStep, NextPage, Pagination};

use serde_json::Value;

/// One API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub examples: Vec<Example>,
    /// Some body is XML: the models get the XML codec too.
    pub uses_xml: bool,
    pub http: Http,
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The definition that a use of `id` finally names, through aliases of aliases.
    pub fn resolved(&self, id: TypeId) -> &TypeDef {
        self.ty(boxing::resolve_alias(self, id))
    }

    /// Whether a value of `ty` is a whole XML document through the XML derives: a struct
    /// declares its root element. Anything else (an alias of a string, a list) has no
    /// element of its own: a string is the document's text ([`Api::is_xml_text`]); any
    /// other is written inside an element named after its schema (`items` for a list), and
    /// a server cannot read it from a request (415). Example tests leave both out.
    pub fn is_xml_document(&self, ty: &TypeRef) -> bool {
        self.uses_xml
            && matches!(ty, TypeRef::Named(id) if matches!(self.ty(*id).kind, TypeKind::Struct(_)))
    }

    /// Whether an XML body of type `ty` is the document's text as it is: a `string` schema
    /// (OData's `$metadata`) is the whole document, read and written untouched, not a
    /// string inside an element.
    pub fn is_xml_text(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String => true,
            TypeRef::Named(id) => {
                matches!(self.resolved(*id).kind, TypeKind::Alias(TypeRef::String))
            }
            _ => false,
        }
    }

    /// The security alternatives that apply to `op` (its own, or the spec-wide ones), keeping
    /// only schemes the spec defines; empty when the operation is public.
    pub fn security_of<'a>(&'a self, op: &'a Operation) -> Vec<Vec<&'a SecurityScheme>> {
        let alternatives = op.security.as_ref().unwrap_or(&self.http.security);
        let mut out = Vec::new();
        for alternative in alternatives {
            let schemes: Vec<&SecurityScheme> = alternative
                .iter()
                .filter_map(|key| self.http.security_schemes.iter().find(|s| &s.key == key))
                .collect();
            if schemes.is_empty() {
                // `{}` (or only undefined schemes): anonymous access is allowed.
                return Vec::new();
            }
            out.push(schemes);
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Prose from the spec that becomes doc comments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Facts worth a line in the docs: the default, the format, read-only…
    pub notes: Vec<String>,
}

/// The OpenAPI `xml` object of a schema or property.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Xml {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    pub attribute: bool,
    pub wrapped: bool,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust type name.
    pub name: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// The schema is `nullable`: every use of the type may be `null`.
    pub nullable: bool,
    /// JSON pointer of the schema in the bundled document.
    pub origin: String,
    pub xml: Option<Xml>,
    /// The component name, for schemas of `components.schemas`.
    pub component: Option<String>,
}

impl TypeDef {
    /// The element name of a document whose root is this type: `xml.name`, else the
    /// component name, else the Rust name.
    pub fn xml_root(&self) -> &str {
        self.xml
            .as_ref()
            .and_then(|x| x.name.as_deref())
            .or(self.component.as_deref())
            .unwrap_or(&self.name)
    }
}

/// Whether a media type carries XML (`application/xml`, `text/xml`, `*+xml`).
pub fn is_xml_media(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.ends_with("/xml") || essence.ends_with("+xml")
}

// One per type, in one `Vec`: boxing the struct variant would save little and cost a pointer
// chase in every backend.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// `pub type Name = …;`
    Alias(TypeRef),
    /// An alias that names itself through a container (`Tree: {additionalProperties: {$ref:
    /// Tree}}`): a type alias cannot, so it is `pub struct Name(pub …);`, transparent on the
    /// wire.
    Newtype(TypeRef),
}

/// OpenAPI constraints that the types alone do not enforce.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    /// Only formats a plain string carries (`email`, `uri`…); `date`, `date-time` and `uuid`
    /// are types of their own.
    pub format: Option<String>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<serde_json::Number>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// Constraints of an array's items.
    pub items: Option<Box<Constraints>>,
    /// Constraints of a map's values (an `additionalProperties` schema).
    pub values: Option<Box<Constraints>>,
    /// The `enum` values, when they are all scalars; checked where no Rust enum carries them
    /// (an `enum` of numbers, or of mixed types).
    pub enumeration: Option<Vec<serde_json::Value>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `minProperties`/`maxProperties` of the object.
    pub constraints: Constraints,
    /// `additionalProperties` next to declared properties: the extra members' value type.
    pub additional: Option<TypeRef>,
    /// The Rust name of the map of additional properties: `additional_properties`, numbered
    /// when a declared property already has that name.
    pub additional_name: String,
    /// `additionalProperties: false`: a server refuses undeclared properties, a client skips
    /// them (see `apigen_runtime::de::strictly`).
    pub closed: bool,
}

/// Whether a property must be present and whether it may be `null`: four different things
/// on the wire, four different Rust shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, written as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, skipped when absent.
    Optional,
    /// May be absent, null or a value: `Nullable<T>`.
    OptionalNullable,
}

impl Presence {
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust field name (without `r#`; see [`names::is_keyword`]).
    pub name: String,
    /// The property name on the wire.
    pub wire: String,
    pub ty: TypeRef,
    pub presence: Presence,
    /// The type is boxed to break a cycle of directly contained types.
    pub boxed: bool,
    pub docs: Docs,
    pub read_only: bool,
    pub write_only: bool,
    pub default: Option<Value>,
    pub xml: Option<Xml>,
    /// For arrays, the `xml` object of the items.
    pub item_xml: Option<Xml>,
    pub constraints: Constraints,
    /// JSON pointer of the property's schema.
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
    Boolean,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub value: Value,
    pub docs: Docs,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The `discriminator` property, when every variant can be told apart by it.
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    pub boxed: bool,
    /// Discriminator values that select this variant (the first is written).
    pub tags: Vec<String>,
    /// The variant type declares the discriminator property itself.
    pub declares_tag: bool,
    pub docs: Docs,
    /// The member schema's constraints, for members whose type cannot carry them (an alias
    /// of a string with a `maxLength`, an inline number with a `minimum`).
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Boolean,
    Integer(IntKind),
    Number,
    String,
    Date,
    DateTime,
    Uuid,
    Binary,
    Array(Box<TypeRef>),
    /// A JSON object used as a map from string keys.
    Map(Box<TypeRef>),
    /// Anything at all (`serde_json::Value`).
    Any,
    /// A nested nullable value (array items, map values): `Option<T>`.
    Option(Box<TypeRef>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// `path`, `query`, `header` or `cookie`, as the spec's `in` says.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub default: Option<Value>,
    pub docs: Docs,
    /// The schema's constraints (`minimum`, `pattern`, …), checked by generated servers.
    pub constraints: Constraints,
}

/// One way a body can be encoded.
#[derive(Debug, Clone)]
pub struct Content {
    pub media_type: String,
    /// `None` when the spec gives no schema (the body is opaque).
    pub ty: Option<TypeRef>,
    pub nullable: bool,
    /// Form encodings: property → (style, explode, contentType).
    pub encoding: Vec<Encoding>,
    /// Constraints on the body as a whole (`minItems` of a top-level array, say).
    pub constraints: Constraints,
}

#[derive(Debug, Clone)]
pub struct Encoding {
    pub property: String,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub content_type: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Docs,
    pub contents: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `2XX` and friends.
    Range(u16),
    Default,
}

impl Status {
    /// A 2XX code or range.
    pub fn is_success(&self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(code),
            Status::Range(class) => *class == 2,
            Status::Default => false,
        }
    }

    /// The status as written in the spec (`200`, `4XX`, `default`).
    pub fn label(&self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Header {
    /// The field name in the response's headers struct.
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    pub docs: Docs,
    pub contents: Vec<Content>,
    pub headers: Vec<Header>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The Rust function name (snake_case).
    pub name: String,
    /// The stem of type names that belong to the operation (UpperCamelCase).
    pub type_name: String,
    pub operation_id: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    pub docs: Docs,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub parameters: Vec<Parameter>,
    pub request: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives of scheme names; `None` when the operation inherits the global list.
    pub security: Option<Vec<Vec<String>>>,
}

/// Where an example sits in an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExamplePlace {
    Request,
    Response(Status),
}

/// An example value from the spec with the type it must fit.
#[derive(Debug, Clone)]
pub struct Example {
    /// A valid, unique Rust identifier naming operation, place, media type and example.
    pub test_name: String,
    pub operation: String,
    pub place: ExamplePlace,
    pub media_type: String,
    pub name: String,
    pub value: Value,
    pub ty: Option<TypeRef>,
    pub nullable: bool,
    pub pointer: String,
}
