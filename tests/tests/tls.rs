//! The generated client over HTTPS (the runtime's `tls` feature, rustls): against a loopback
//! TLS peer whose certificate a test CA signed (`tls/`: the CA, and a `localhost` /
//! `127.0.0.1` certificate with its key, made for these tests only and valid until 2126).
//! The client trusts that CA through `Client::with_http_client`, as a user would trust a
//! private CA, and refuses the peer when it does not.

use apigen_tests::features::{client::Client, models, operations};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CA: &[u8] = include_bytes!("../tls/ca.pem");
const CERTIFICATE: &[u8] = include_bytes!("../tls/localhost.pem");
const KEY: &[u8] = include_bytes!("../tls/localhost.key");

/// Answers HTTPS requests on a loopback port with `reply` (JSON), one connection at a time;
/// returns the port.
async fn https_peer(reply: &'static str) -> u16 {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(CERTIFICATE).unwrap()],
            PrivateKeyDer::from_pem_slice(KEY).unwrap(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let Ok(mut stream) = acceptor.accept(socket).await else {
                // A client that does not trust the certificate ends the handshake.
                continue;
            };
            let mut seen = Vec::new();
            let mut chunk = [0u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&chunk[..n]),
                }
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{reply}",
                reply.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    port
}

fn trusting_client(base_url: String) -> Client {
    let http = apigen_runtime::client::reqwest::Client::builder()
        .add_root_certificate(
            apigen_runtime::client::reqwest::Certificate::from_pem(CA).expect("the test CA"),
        )
        .build()
        .unwrap();
    Client::with_http_client(http, base_url)
}

#[tokio::test]
async fn the_client_speaks_https_to_a_server_it_trusts() {
    let port = https_peer(r#"{"title": "over TLS", "stars": 5}"#).await;
    let note = models::Note {
        title: "over TLS".into(),
        stars: Some(5),
    };
    for host in ["localhost", "127.0.0.1"] {
        let client = trusting_client(format!("https://{host}:{port}"));
        let operations::PostNoteResponse::Ok(back) = client.post_note(note.clone()).await.unwrap();
        assert_eq!(back, note, "via {host}");
    }
}

#[tokio::test]
async fn the_client_refuses_a_certificate_it_does_not_trust() {
    let port = https_peer(r#"{"title": "x"}"#).await;
    // The Mozilla roots alone do not cover the test CA.
    let client = Client::new(format!("https://localhost:{port}"));
    let note = models::Note {
        title: "x".into(),
        stars: None,
    };
    let error = client.post_note(note).await.unwrap_err();
    let chain = {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        text
    };
    assert!(
        chain.to_ascii_lowercase().contains("certificate"),
        "the error names the certificate: {chain}"
    );
}
