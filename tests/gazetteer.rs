//! Users extend the knowledge base: an extra gazetteer file named in `[settings]` and
//! `[[actor]]` entries; a bad gazetteer line is reported with its file and line.

use std::process::Command;

fn geowatch(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_geowatch"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn extra_gazetteer_and_actors_extend_the_knowledge_base() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("extra.tsv"),
        "# local additions\nNorthwind Shipping\torganization\tcompany\tNorthwind|Нортвинд\nPort Zeta\tplace\tcity\tPort Zeta|Порт-Зета\n",
    )
    .unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        "[settings]\ngazetteer = \"extra.tsv\"\n[[actor]]\nname = \"Northwind Shipping\"\nkind = \"organization\"\n[[actor]]\nname = \"Jane Q. Envoy\"\nkind = \"person\"\naliases = [\"Envoy Jane\"]\n",
    )
    .unwrap();
    let text = "Northwind said on Monday its ships left Port Zeta. Envoy Jane met the crew; Нортвинд declined to comment.";
    let (code, out, err) = geowatch(&["--config", cfg.to_str().unwrap(), "extract", "--json"], text);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let find = |n: &str| v["entities"].as_array().unwrap().iter().find(|e| e["name"] == n).cloned();
    let nw = find("Northwind Shipping").expect("gazetteer entity");
    assert_eq!(nw["tracked"], true, "an actor naming a gazetteer entity tracks it");
    assert_eq!(nw["count"], 2, "Latin and Cyrillic forms: {nw}");
    assert_eq!(find("Port Zeta").expect("gazetteer place")["kind"], "place");
    assert_eq!(find("Jane Q. Envoy").expect("actor")["tracked"], true);
}

#[test]
fn bad_gazetteer_line_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("extra.tsv"), "Good\tplace\tcity\tGood\nBad\twidget\tx\tBad\n").unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(&cfg, "[settings]\ngazetteer = \"extra.tsv\"\n").unwrap();
    let (code, _, err) = geowatch(&["--config", cfg.to_str().unwrap(), "check"], "");
    assert_ne!(code, 0);
    assert!(err.contains("extra.tsv:2: unknown kind `widget`"), "{err}");
}
