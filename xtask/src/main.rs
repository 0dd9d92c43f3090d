//! `cargo xtask`: kbwiz's own automation, in Rust so that it runs wherever
//! cargo does. Each command first installs what it needs and is missing
//! (idempotently: a second run installs nothing), then does its work.
//!
//! - `serve`: build and serve the wizard on http://127.0.0.1:8080
//! - `test`:  every check CI runs, stage by stage, failing on the first failure
//! - `dist`:  the three deliveries under `dist/` with a size report
//! - `cli`:   the `kbwiz` command-line tool, profile-guided, in `target/pgo/kbwiz`
//! - `fuzz [SECONDS]`: every cargo-fuzz target for SECONDS each (default 60)
//! - `bench [native] [browser] [--no-build]`: criterion and browser
//!   benchmarks, one table and one `BENCH_JSON` line (not part of `test`)

mod bench;
mod bench_criterion;
mod bench_report;
mod cli;
mod dist;
mod dist_css;
mod dist_html;
mod dist_offline;
mod dist_size;
mod dist_widget;
mod fuzz;
mod import_module;
mod kb_data;
mod run;
mod stages;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => tools::ensure_web().and_then(|env| run::serve(&env)),
        Some("test") => stages::test(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("cli") => {
            let mut env = tools::plain();
            tools::ensure_llvm_tools(&mut env).and_then(|()| cli::cli(&env).map(|_| ()))
        }
        Some("kb-data") => kb_data::command(&args[1..]),
        Some("import-module") => import_module::command(&args[1..]),
        Some("dist") => tools::ensure_web().and_then(|env| dist::dist(&env).map(|_| ())),
        Some("fuzz") => match args.get(1).map(|s| s.parse::<u64>()) {
            None => fuzz::fuzz(&tools::plain(), 60),
            Some(Ok(seconds)) => fuzz::fuzz(&tools::plain(), seconds),
            Some(Err(_)) => Err(run::Error("usage: cargo xtask fuzz [SECONDS]".into())),
        },
        _ => {
            eprintln!(
                "usage: cargo xtask <serve | test [fmt|clippy|native|cli|wasm|build|e2e|fuzz]... | dist | kb-data [DIR] | import-module [DIR] | cli | fuzz [SECONDS] | {}>",
                bench::USAGE
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}
