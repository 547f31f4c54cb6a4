//! geowatch binary: parses the command line and maps errors to exit codes.

use clap::Parser;

fn main() {
    geowatch::tui::install_panic_hook();
    let args = geowatch::cli::Args::parse();
    match geowatch::cli::run(args) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("geowatch: {e:#}");
            std::process::exit(1);
        }
    }
}
