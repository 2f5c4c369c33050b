//! The four specs' models, generated at build time by `apigen::Builder` (see `build.rs`).

pub mod alta_bpo {
    include!(concat!(env!("OUT_DIR"), "/alta_bpo.rs"));
}
pub mod orzame {
    include!(concat!(env!("OUT_DIR"), "/orzame.rs"));
}
pub mod b2b {
    include!(concat!(env!("OUT_DIR"), "/b2b.rs"));
}
pub mod obzvonilka {
    include!(concat!(env!("OUT_DIR"), "/obzvonilka.rs"));
}
pub mod features {
    include!(concat!(env!("OUT_DIR"), "/features.rs"));
}
pub mod openapi31 {
    include!(concat!(env!("OUT_DIR"), "/openapi31.rs"));
}
pub mod xml_documents {
    include!(concat!(env!("OUT_DIR"), "/xml_documents.rs"));
}
pub mod odd_names {
    include!(concat!(env!("OUT_DIR"), "/odd_names.rs"));
}
