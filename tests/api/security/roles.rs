//! Only an admin hands out the admin role, and the last admin cannot be removed.

use super::*;

#[tokio::test]
async fn a_manager_cannot_make_anyone_admin_nor_touch_the_admins() {
    let app = spawn_app().await;
    let (admin_id, admin) = app.user_with_role("admin").await;
    let (manager_id, manager) = app.user_with_role("manager").await;
    // Grant themself admin.
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{manager_id}/roles"),
            Some(&manager),
            json!({"role": "admin"}),
        )
        .await;
    assert!(assert_envelope(s, &b, 403).contains("admin"));
    // Create a new admin account.
    let (s, b) = app
        .post(
            "/api/v1/users",
            Some(&manager),
            json!({"email": "sneaky@test.local", "password": "password1",
                   "full_name": "Sneaky", "role": "admin"}),
        )
        .await;
    assert_envelope(s, &b, 403);
    // Take the real admin's role, or disable the admin.
    let (s, b) = app
        .delete(
            &format!("/api/v1/users/{admin_id}/roles/admin"),
            Some(&manager),
        )
        .await;
    assert_envelope(s, &b, 403);
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{admin_id}/disabled"),
            Some(&manager),
            json!({}),
        )
        .await;
    assert_envelope(s, &b, 403);
    // Nothing changed: the manager is still no admin, no account was made, the admin is one.
    let me = app.state.users.get(&manager_id).await.expect("manager");
    assert_eq!(me.roles, vec!["manager".to_string()]);
    assert!(app.state.users.by_email("sneaky@test.local").await.is_err());
    let (s, _) = app.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(s, 200);
    // A manager still manages the other roles.
    let (cashier_id, _) = app.user_with_role("customer").await;
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{cashier_id}/roles"),
            Some(&manager),
            json!({"role": "cashier"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    // And an admin may make the manager an admin.
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{manager_id}/roles"),
            Some(&admin),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}

#[tokio::test]
async fn the_last_admin_can_neither_lose_the_role_nor_be_disabled() {
    let app = spawn_app().await;
    let (admin_id, admin) = app.user_with_role("admin").await;
    let (s, b) = app
        .delete(
            &format!("/api/v1/users/{admin_id}/roles/admin"),
            Some(&admin),
        )
        .await;
    assert!(assert_envelope(s, &b, 409).contains("last admin"), "{b}");
    let (s, b) = app
        .post(
            &format!("/api/v1/users/{admin_id}/disabled"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert!(assert_envelope(s, &b, 409).contains("last admin"), "{b}");
    let (s, _) = app.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(s, 200, "still an admin, still signed in");
    // The operator's command line keeps the rule too.
    let email = app.state.users.get(&admin_id).await.expect("admin").email;
    let out = moviehub(&[
        "--data-dir",
        &data_dir(&app),
        "user",
        "revoke",
        &email,
        "admin",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("last admin"));
    // With a second admin, the first may step down.
    let (second_id, _) = app.user_with_role("customer").await;
    let (s, _) = app
        .post(
            &format!("/api/v1/users/{second_id}/roles"),
            Some(&admin),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, b) = app
        .delete(
            &format!("/api/v1/users/{admin_id}/roles/admin"),
            Some(&admin),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}
