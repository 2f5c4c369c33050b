//! The example server: the four APIs of `spec/` served from their generated code over a SQLite
//! database. `example-server --help` says how to run it.

use generated_example::example_server::{self, store, Config, DEMO_API_KEY};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "\
example-server: Alta BPO, Orzame, B2B and Obzvonilka served from apigen's generated code

Usage: example-server [--addr HOST:PORT] [--api-key KEY] [--db PATH] [--public-url URL]

Options:
  --addr HOST:PORT    address to listen on (default 127.0.0.1:8080; port 0 picks one)
  --api-key KEY       the key every API accepts (default: the demo key `demo-key`)
  --db PATH           SQLite database, created and seeded with the specs' examples if new
                      (default ./example-server.sqlite3)
  --public-url URL    the server's URL as clients reach it, for links in responses
                      (default http://HOST:PORT of the bound address)
  -h, --help          this text
";

#[derive(Debug)]
struct Args {
    addr: String,
    api_key: Option<String>,
    db: PathBuf,
    public_url: Option<String>,
}

/// `Ok(None)` for `--help`.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        addr: "127.0.0.1:8080".to_owned(),
        api_key: None,
        db: PathBuf::from("example-server.sqlite3"),
        public_url: None,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if !matches!(
            flag.as_str(),
            "--addr" | "--api-key" | "--db" | "--public-url"
        ) {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) if !value.is_empty() => value,
            _ => return Err(format!("`{flag}` needs a value")),
        };
        match flag.as_str() {
            "--addr" => parsed.addr = value,
            "--api-key" => parsed.api_key = Some(value),
            "--db" => parsed.db = PathBuf::from(value),
            _ => parsed.public_url = Some(value),
        }
    }
    Ok(Some(parsed))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("example-server: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("example-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", args.addr))?;
    // After binding, so that a wrong address does not leave a new database behind.
    let store = store::Store::open(&args.db)
        .map_err(|err| format!("cannot open the database {}: {err}", args.db.display()))?;
    let store = Arc::new(store);
    let local: SocketAddr = listener
        .local_addr()
        .map_err(|err| format!("cannot read the bound address: {err}"))?;
    let public_url = args.public_url.unwrap_or_else(|| {
        // A wildcard address is not somewhere a client can go; name the loopback instead.
        let mut shown = local;
        if shown.ip().is_unspecified() {
            shown.set_ip(match shown.ip() {
                std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{shown}")
    });
    let api_key = match args.api_key {
        Some(key) => key,
        None => {
            println!("no --api-key given: using the demo key `{DEMO_API_KEY}`");
            DEMO_API_KEY.to_owned()
        }
    };
    let config = Config {
        api_key,
        public_url,
    };
    let _worker = store::spawn_worker(Arc::clone(&store));

    println!("example-server listening on {local}");
    println!("database:   {}", args.db.display());
    println!("api key:    {}", config.api_key);
    println!("Alta BPO:   {}", config.url("/web/api/partners"));
    println!("Orzame:     {}", config.url("/v1/contacts"));
    println!(
        "B2B:        {}",
        config.url("/api/database/v1/BusinessPartner/getBPartner")
    );
    println!("Obzvonilka: {}", config.url("/api/contact_bases.json"));

    example_server::serve(listener, store, config)
        .await
        .map_err(|err| format!("server error: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Option<Args>, String> {
        parse(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn arguments_parse_with_defaults_and_errors() {
        let defaults = args(&[]).unwrap().unwrap();
        assert_eq!(defaults.addr, "127.0.0.1:8080");
        assert_eq!(defaults.db, PathBuf::from("example-server.sqlite3"));
        assert_eq!(defaults.api_key, None);
        let given = args(&["--addr", "0.0.0.0:9", "--api-key=k", "--db", "/tmp/x"])
            .unwrap()
            .unwrap();
        assert_eq!(
            (given.addr.as_str(), given.api_key.as_deref()),
            ("0.0.0.0:9", Some("k"))
        );
        assert!(args(&["--help"]).unwrap().is_none());
        assert!(args(&["--port", "1"]).unwrap_err().contains("--port"));
        assert!(args(&["--db"]).unwrap_err().contains("needs a value"));
    }
}
