//! Signing out, a new password or a disabled account ends sessions at once; a change made
//! by the command line reaches the running server within a second; ended sessions stay ended
//! across a restart.

use super::*;
use reqwest::header;

#[tokio::test]
async fn signing_out_ends_the_token_through_the_api_and_the_page() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_role("customer").await;
    let (s, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(s, 200);
    let (s, b) = app
        .post("/api/v1/auth/logout", Some(&token), json!({}))
        .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = app.get("/api/v1/me", Some(&token)).await;
    assert!(assert_envelope(s, &b, 401).contains("session ended"), "{b}");

    // The page's sign-out ends the cookie's token, not only the cookie.
    let (_, token) = app.user_with_role("customer").await;
    let res = app
        .client
        .post(format!("{}/logout", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, format!("mh_session={token}"))
        .send()
        .await
        .expect("logout");
    assert!(res.status().is_success() || res.status().is_redirection());
    let (s, b) = app.get("/api/v1/me", Some(&token)).await;
    assert_envelope(s, &b, 401);

    // Still ended after a restart on the same data dir.
    let again = app.second_server(|_| {}).await;
    let res = app
        .client
        .get(format!("{}/api/v1/me", again.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me");
    assert_eq!(res.status(), 401);
    again.stop().await;
    app.stop().await;
}

#[tokio::test]
async fn a_new_password_ends_every_session_and_the_new_one_signs_in() {
    let app = spawn_app().await;
    let (s, _) = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "an@test.local", "password": "old-password", "full_name": "An"}),
        )
        .await;
    assert_eq!(s, 201);
    let login = |password: &'static str| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/auth/login",
                None,
                json!({"email": "an@test.local", "password": password}),
            )
            .await
        }
    };
    let (_, phone) = login("old-password").await;
    let phone = phone["data"]["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let (_, laptop) = login("old-password").await;
    let laptop = laptop["data"]["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    // A wrong current password changes nothing.
    let (s, b) = app
        .post(
            "/api/v1/me/password",
            Some(&laptop),
            json!({"current_password": "guess-guess", "new_password": "new-password"}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("current_password"));
    let (s, _) = app.get("/api/v1/me", Some(&phone)).await;
    assert_eq!(s, 200);
    let (s, b) = app
        .post(
            "/api/v1/me/password",
            Some(&laptop),
            json!({"current_password": "old-password", "new_password": "new-password"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    for t in [&phone, &laptop] {
        let (s, b) = app.get("/api/v1/me", Some(t)).await;
        assert_envelope(s, &b, 401);
    }
    let (s, _) = login("old-password").await;
    assert_eq!(s, 401);
    let (s, _) = login("new-password").await;
    assert_eq!(s, 200);
    app.stop().await;
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let (uid, token) = app.user_with_role("cashier").await;
    let (s, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(s, 200);
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{uid}/disabled"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = app.get("/api/v1/me", Some(&token)).await;
    assert_envelope(s, &b, 401);
    // Enabling again does not bring old tokens back.
    let (s, _) = app
        .delete(&format!("/api/v1/users/{uid}/disabled"), Some(&admin))
        .await;
    assert_eq!(s, 200);
    let (s, b) = app.get("/api/v1/me", Some(&token)).await;
    assert_envelope(s, &b, 401);
    app.stop().await;
}

/// The running server caches permissions; the CLI is another process and cannot reach that
/// cache. `auth.access_check_ms` (500 by default) bounds how long the server takes to notice.
#[tokio::test]
async fn a_role_revoked_or_an_account_disabled_by_the_cli_stops_working_within_a_second() {
    let app = spawn_app().await;
    let (uid, token) = app.user_with_role("manager").await;
    let email = app.state.users.get(&uid).await.expect("user").email;
    let (_, admin) = app.user_with_role("admin").await;
    // Warm the caches.
    let (s, _) = app.get("/api/v1/users", Some(&token)).await;
    assert_eq!(s, 200);
    let out = moviehub(&[
        "--data-dir",
        &data_dir(&app),
        "user",
        "revoke",
        &email,
        "manager",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let window = app.state.settings.auth.access_check_ms;
    tokio::time::sleep(std::time::Duration::from_millis(window + 100)).await;
    let (s, b) = app.get("/api/v1/users", Some(&token)).await;
    assert_envelope(s, &b, 403);

    let (s, _) = app.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(s, 200);
    let admin_email = {
        let (_, me) = app.get("/api/v1/me", Some(&admin)).await;
        me["data"]["email"].as_str().expect("email").to_string()
    };
    // A second admin, so the first may be disabled.
    let (s2, _) = app.user_with_role("admin").await;
    assert!(!s2.is_empty());
    let out = moviehub(&[
        "--data-dir",
        &data_dir(&app),
        "user",
        "disable",
        &admin_email,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tokio::time::sleep(std::time::Duration::from_millis(window + 100)).await;
    let (s, b) = app.get("/api/v1/users", Some(&admin)).await;
    assert_envelope(s, &b, 401);
    app.stop().await;
}
