//! TLS to the office's server: an address with `sslmode=require` is encrypted (rustls), and a
//! server that takes only encrypted connections refuses the same address without it. A binary
//! of its own, with a server of its own listening on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::pg_server;

use common::{bare, succeeded};

#[test]
fn an_address_asking_for_tls_is_encrypted_and_one_without_it_is_refused_by_such_a_server() {
    let server = pg_server::tls_server();
    let office = server.fresh_database();
    let name = pg_server::database_of(&office);
    let encrypted = server.tcp_url(&name, "require");
    let n = succeeded(bare().args([
        "--db",
        &encrypted,
        "--today",
        "2026-11-02",
        "add",
        "--title",
        "河道整治",
        "--lead",
        "水务局",
        "--due",
        "2026-12-20",
    ]));
    assert_eq!(n.trim(), "2026-001");
    let listed = succeeded(bare().args(["--db", &encrypted, "--today", "2026-11-02", "list"]));
    assert!(listed.contains("河道整治"), "{listed}");
    // The same address without TLS: the server refuses it, and duban says what to add.
    let plain = server.tcp_url(&name, "disable");
    let out = bare()
        .args(["--db", &plain, "--today", "2026-11-02", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("takes only encrypted connections") && said.contains("sslmode=require"),
        "{said}"
    );
    let out = bare()
        .args([
            "--lang",
            "zh",
            "--db",
            &plain,
            "--today",
            "2026-11-02",
            "list",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("只接受加密连接"));
}
