//! The example server on a loopback port, and a check of any response against its spec.

use apigen::load::{load, LoadedSpec};
use apigen::payload::{PayloadValidator, Target};
use generated_example::example_server::store::{spawn_worker, Store};
use generated_example::example_server::{serve, Config};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub const KEY: &str = "e2e-key";

/// A running example server with a fresh in-memory database.
pub struct Server {
    pub origin: String,
    pub store: Arc<Store>,
}

impl Server {
    pub async fn start() -> Server {
        let store = Arc::new(Store::open_in_memory().expect("an in-memory database opens"));
        spawn_worker(store.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let config = Config {
            api_key: KEY.to_owned(),
            public_url: origin.clone(),
        };
        tokio::spawn(serve(listener, store.clone(), config));
        Server { origin, store }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.store.stop_workers();
    }
}

pub fn spec_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(file)
}

pub fn spec(file: &str) -> LoadedSpec {
    load(&spec_path(file)).expect("the spec loads")
}

/// Asserts that `body` is what the spec documents for `method path status` as `content_type`.
pub fn assert_conforms(
    spec: &LoadedSpec,
    method: &str,
    path: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) {
    let target = Target::Response {
        method: method.to_ascii_lowercase(),
        path: path.to_owned(),
        status: status.to_string(),
    };
    let validator = PayloadValidator::new(spec, &target, Some(content_type))
        .unwrap_or_else(|e| panic!("{method} {path} documents no {status} {content_type}: {e}"));
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let unique = std::env::temp_dir().join(format!(
        "apigen-e2e-{}-{}.payload",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&unique, body).unwrap();
    let violations = validator.check_file(&unique).unwrap();
    let _ = std::fs::remove_file(&unique);
    assert!(
        violations.is_empty(),
        "{method} {path} answered {status} with a body the spec does not allow:\n{}\n{violations:#?}",
        String::from_utf8_lossy(body)
    );
}
