//! Accounts: register, login, tokens, permissions, grant/revoke, rate limits.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn register_login_me() {
    let app = spawn_app().await;
    let (s, body) = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email":"An@Example.vn","password":"secret123","full_name":"Nguyễn Văn An"}),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["data"]["email"], "an@example.vn");
    assert_eq!(body["data"]["roles"], json!(["customer"]));
    assert!(body["data"].get("password_hash").is_none());

    let (s, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email":"an@example.vn","password":"secret123"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["token_type"], "Bearer");
    assert!(body["data"]["expires_in"].as_i64().expect("expires_in") > 0);
    let token = body["data"]["access_token"]
        .as_str()
        .expect("token")
        .to_string();

    let (s, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(s, 200);
    assert_eq!(me["data"]["full_name"], "Nguyễn Văn An");
    assert_eq!(me["data"]["permissions"], json!(["booking:create"]));

    // The same token works from the session cookie the HTML pages use.
    let res = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("cookie", format!("mh_session={token}"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn registration_errors_name_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"email":"nope","password":"secret123","full_name":"A"}),
            422,
            "email",
        ),
        (
            json!({"email":"a@b.vn","password":"short","full_name":"A"}),
            422,
            "password",
        ),
        (
            json!({"email":"a@b.vn","password":"secret123","full_name":"  "}),
            422,
            "full_name",
        ),
        (
            json!({"email":"a@b.vn","password":12345678,"full_name":"A"}),
            422,
            "password",
        ),
        (json!({"email":"a@b.vn","full_name":"A"}), 422, "password"),
    ];
    for (body, status, field) in cases {
        let (s, b) = app.post("/api/v1/auth/register", None, body.clone()).await;
        let msg = assert_envelope(s, &b, status);
        assert!(msg.contains(field), "{body} -> {msg}");
    }
    assert_eq!(app.state.users.count().await.expect("count"), 0);
    let ok = json!({"email":"a@b.vn","password":"secret123","full_name":"A"});
    assert_eq!(
        app.post("/api/v1/auth/register", None, ok.clone()).await.0,
        201
    );
    let (s, b) = app.post("/api/v1/auth/register", None, ok).await;
    assert!(assert_envelope(s, &b, 409).contains("email"));
}

#[tokio::test]
async fn bad_tokens_get_401() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_role("customer").await;
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = token.split('.').nth(1).expect("payload").to_string();
    let alg_none = format!("{}.{payload}.", b64.encode(r#"{"alg":"none","typ":"JWT"}"#));
    let other_key = {
        let t = moviehub::users::token::Tokens::new(b"another key entirely", 3600);
        let id = app.state.users.authenticate(&token).await.expect("valid");
        t.issue(&id.user_id, app.clock_now()).expect("issue").0
    };
    for bad in [alg_none.as_str(), other_key.as_str(), "garbage", ""] {
        let (s, b) = app.get("/api/v1/me", Some(bad)).await;
        assert_envelope(s, &b, 401);
    }
    let (s, b) = app.get("/api/v1/me", None).await;
    assert_envelope(s, &b, 401);
    // Expiry follows the injected clock.
    app.clock.advance(chrono::Duration::hours(9));
    let (s, b) = app.get("/api/v1/me", Some(&token)).await;
    assert!(assert_envelope(s, &b, 401).contains("expired"));
}

#[tokio::test]
async fn grant_and_revoke_take_effect_at_once() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let (uid, token) = app.user_with_role("customer").await;
    // Warm the permission cache.
    let (s, b) = app.get("/api/v1/users", Some(&token)).await;
    assert_envelope(s, &b, 403);
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{uid}/roles"),
            Some(&admin),
            json!({"role":"manager"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(app.get("/api/v1/users", Some(&token)).await.0, 200);
    let (s, _) = app
        .delete(&format!("/api/v1/users/{uid}/roles/manager"), Some(&admin))
        .await;
    assert_eq!(s, 200);
    let (s, b) = app.get("/api/v1/users", Some(&token)).await;
    assert_envelope(s, &b, 403);
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{uid}/roles"),
            Some(&admin),
            json!({"role":"wizard"}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).contains("role"));
}

#[tokio::test]
async fn built_in_roles_have_the_documented_permissions() {
    let app = spawn_app().await;
    let expect = [
        ("customer", vec!["booking:create"]),
        ("usher", vec!["ticket:scan"]),
        (
            "cashier",
            vec!["booking:create", "booking:sell", "ticket:scan"],
        ),
    ];
    for (role, perms) in expect {
        let t = app.token(role).await;
        let (_, me) = app.get("/api/v1/me", Some(&t)).await;
        assert_eq!(me["data"]["permissions"], json!(perms), "{role}");
    }
    let t = app.token("manager").await;
    let (_, me) = app.get("/api/v1/me", Some(&t)).await;
    let perms: Vec<String> =
        serde_json::from_value(me["data"]["permissions"].clone()).expect("list");
    for p in [
        "movie:manage",
        "cinema:manage",
        "showtime:manage",
        "promotion:manage",
        "booking:sell",
        "booking:cancel",
        "refund:approve",
        "report:view",
        "ticket:scan",
    ] {
        assert!(perms.iter().any(|x| x == p), "manager lacks {p}");
    }
    let t = app.token("admin").await;
    let (_, me) = app.get("/api/v1/me", Some(&t)).await;
    assert!(me["data"]["permissions"].as_array().expect("list").len() >= 12);
}

#[tokio::test]
async fn login_is_rate_limited_per_account_with_retry_after() {
    let app = spawn_app().await;
    app.post(
        "/api/v1/auth/register",
        None,
        json!({"email":"r@b.vn","password":"secret123","full_name":"R"}),
    )
    .await;
    for _ in 0..5 {
        let (s, b) = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email":"r@b.vn","password":"wrong-one"}),
            )
            .await;
        assert_envelope(s, &b, 401);
    }
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .json(&json!({"email":"r@b.vn","password":"secret123"}))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 300);
    // After the window the right password works again.
    app.clock.advance(chrono::Duration::seconds(301));
    let (s, _) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email":"r@b.vn","password":"secret123"}),
        )
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn login_is_rate_limited_per_client_address() {
    let app = spawn_app_with(|s| s.auth.login_max_attempts_per_ip = 3).await;
    for i in 0..3 {
        let (s, _) = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email":format!("x{i}@b.vn"),"password":"whatever1"}),
            )
            .await;
        assert_eq!(s, 401);
    }
    let (s, b) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email":"y@b.vn","password":"whatever1"}),
        )
        .await;
    assert_envelope(s, &b, 429);
}

#[tokio::test]
async fn user_routes_need_user_manage() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let body = json!({"email":"c@b.vn","password":"secret123","full_name":"C","role":"cashier"});
    let (s, b) = app.post("/api/v1/users", None, body.clone()).await;
    assert_envelope(s, &b, 401);
    for role in ["customer", "usher", "cashier"] {
        let t = app.token(role).await;
        let (s, b) = app.post("/api/v1/users", Some(&t), body.clone()).await;
        assert_envelope(s, &b, 403);
        let (s, b) = app
            .post("/api/v1/users/x/roles", Some(&t), json!({"role":"admin"}))
            .await;
        assert_envelope(s, &b, 403);
        let (s, b) = app.delete("/api/v1/users/x/roles/admin", Some(&t)).await;
        assert_envelope(s, &b, 403);
    }
    let (s, b) = app.post("/api/v1/users", Some(&admin), body).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["data"]["roles"], json!(["cashier"]));
}
