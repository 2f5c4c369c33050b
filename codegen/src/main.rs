//! The `apigen` command line.

use apigen::config::Config;
use apigen::generate::{generate, stale, write, Job, OutputFile, RuntimeDependency, Staleness};
use apigen::load::Warning;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "apigen",
    version,
    about = "OpenAPI 3.0 specs in, Rust code out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust code. Without SPEC, regenerate every target of apigen.toml.
    Generate {
        /// The spec to generate from (YAML or JSON).
        spec: Option<PathBuf>,
        /// Output directory (with SPEC).
        #[arg(short, long, requires = "spec")]
        out: Option<PathBuf>,
        /// Write a ready crate with this package name into the output directory.
        #[arg(long = "crate", value_name = "NAME", requires = "spec")]
        crate_name: Option<String>,
        /// The generated crate depends on apigen-runtime at this path instead of this
        /// repository's runtime/.
        #[arg(long, value_name = "PATH", conflicts_with = "runtime_version")]
        runtime_path: Option<PathBuf>,
        /// The generated crate depends on apigen-runtime from the registry, at this version.
        #[arg(long, value_name = "VERSION")]
        runtime_version: Option<String>,
        /// Also emit tests that round-trip every JSON example of the spec.
        #[arg(long)]
        example_tests: bool,
        /// Leave out the axum server module.
        #[arg(long)]
        no_server: bool,
        /// Leave out the reqwest client module.
        #[arg(long)]
        no_client: bool,
        /// Write nothing; exit 1 and list the files that would change.
        #[arg(long)]
        check: bool,
        /// The config file read without SPEC.
        #[arg(long, default_value = "apigen.toml", conflicts_with = "spec")]
        config: PathBuf,
    },
    /// Check payload files (JSON, YAML or XML) against a schema, request or response of a spec.
    ///
    /// Exit code 0 when every payload is valid, 1 when any is not, 2 for a usage or spec error.
    #[command(group(clap::ArgGroup::new("target").required(true).args(["schema", "request", "response"])))]
    Validate {
        /// The spec (YAML or JSON).
        #[arg(long)]
        spec: PathBuf,
        /// A schema of `components.schemas`.
        #[arg(long, value_name = "NAME")]
        schema: Option<String>,
        /// An operation's request body: "METHOD /path".
        #[arg(long, value_name = "\"METHOD /path\"")]
        request: Option<String>,
        /// An operation's response body: "METHOD /path STATUS".
        #[arg(long, value_name = "\"METHOD /path STATUS\"")]
        response: Option<String>,
        /// The payloads' media type (picks the body and the parser; default: by extension).
        #[arg(long, value_name = "TYPE")]
        content_type: Option<String>,
        /// `human` (with the offending lines) or `json` (one array of records).
        #[arg(long, default_value = "human", value_parser = ["human", "json"])]
        format: String,
        /// Payload files or directories.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_warnings(warnings: &[Warning]) {
    for line in apigen::load::condense(warnings) {
        eprintln!("warning: {line}");
    }
}

fn run(cli: Cli) -> apigen::Result<ExitCode> {
    match cli.command {
        generate @ Command::Generate { .. } => run_generate(generate),
        Command::Validate {
            spec,
            schema,
            request,
            response,
            content_type,
            format,
            files,
        } => run_validate(
            spec,
            schema,
            request,
            response,
            content_type,
            &format,
            &files,
        ),
    }
}

fn run_validate(
    spec: PathBuf,
    schema: Option<String>,
    request: Option<String>,
    response: Option<String>,
    content_type: Option<String>,
    format: &str,
    files: &[PathBuf],
) -> apigen::Result<ExitCode> {
    use apigen::payload::{collect_files, render_human, render_json, PayloadValidator, Target};
    let target = match (schema, request, response) {
        (Some(name), _, _) => Target::Schema(name),
        (_, Some(request), _) => Target::request(&request)?,
        (_, _, Some(response)) => Target::response(&response)?,
        _ => unreachable!("clap requires one target"),
    };
    let spec = apigen::load::load(&spec)?;
    print_warnings(&spec.warnings);
    let validator = PayloadValidator::new(&spec, &target, content_type.as_deref())?;
    print_warnings(validator.warnings());
    let files = collect_files(files)?;
    let mut violations = Vec::new();
    for file in &files {
        violations.extend(validator.check_file(file)?);
    }
    if format == "json" {
        println!("{}", render_json(&violations));
    } else {
        print!("{}", render_human(&violations));
        let bad: std::collections::BTreeSet<_> = violations.iter().map(|v| &v.file).collect();
        eprintln!(
            "{} file(s) checked: {} valid, {} invalid ({} violation(s))",
            files.len(),
            files.len() - bad.len(),
            bad.len(),
            violations.len()
        );
    }
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_generate(command: Command) -> apigen::Result<ExitCode> {
    let Command::Generate {
        spec,
        out,
        crate_name,
        runtime_path,
        runtime_version,
        example_tests,
        no_server,
        no_client,
        check,
        config,
    } = command
    else {
        unreachable!("called with generate")
    };
    let jobs = match spec {
        Some(spec) => {
            let out_dir = out.unwrap_or_else(|| PathBuf::from("."));
            let runtime = match (runtime_path, runtime_version) {
                (Some(path), _) => RuntimeDependency::Path(path),
                (None, Some(version)) => RuntimeDependency::Version(version),
                (None, None) => RuntimeDependency::local_for(&out_dir),
            };
            vec![Job {
                spec_label: spec.display().to_string().replace('\\', "/"),
                spec,
                out_dir,
                crate_name,
                example_tests,
                server: !no_server,
                client: !no_client,
                runtime,
            }]
        }
        None => Config::read(&config)?.jobs(&config),
    };
    let mut files: Vec<OutputFile> = Vec::new();
    for job in &jobs {
        let generated = generate(job)?;
        print_warnings(&generated.warnings);
        files.extend(generated.files);
    }
    if check {
        let stale = stale(&files);
        if stale.is_empty() {
            eprintln!("up to date: {} file(s)", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "{} of {} generated file(s) are stale:",
            stale.len(),
            files.len()
        );
        for (path, why) in &stale {
            match why {
                Staleness::Missing => eprintln!("  {}: missing", path.display()),
                Staleness::Differs { line } => {
                    eprintln!("  {}: differs from line {line}", path.display())
                }
            }
        }
        eprintln!("run `apigen generate` to update them");
        return Ok(ExitCode::from(1));
    }
    let written = write(&files)?;
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    eprintln!(
        "{} file(s) generated, {} changed",
        files.len(),
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}
