//! HTTP pieces shared by generated servers and clients, free of any HTTP library: parameter
//! styles, text-to-type decoding and media types.

pub mod headers;
pub mod media;
pub mod style;
pub mod text;

pub use headers::{HeaderReader, HeaderWriter, ResponseHeaders};
pub use media::{codec, negotiate, Codec};
pub use style::{Query, Shape, Style};
pub use text::{from_text, TextError, TextValue};
