use std::sync::Arc;

use salvo::http::StatusCode;
use salvo::prelude::*;

use crate::tokens::{RotateError, TokenStore};

#[handler]
pub async fn refresh(req: &mut Request, depot: &mut Depot, res: &mut Response) {
    let Some(cookie) = req.cookie("refresh_token") else {
        res.status_code(StatusCode::UNAUTHORIZED);
        return;
    };
    let Ok(store) = depot.obtain::<Arc<TokenStore>>() else {
        res.status_code(StatusCode::INTERNAL_SERVER_ERROR);
        return;
    };
    match store.rotate(cookie.value()).await {
        Ok(pair) => res.render(Json(pair)),
        Err(RotateError::Revoked { family }) => {
            // A revoked token coming back means the family leaked: kill every token in it.
            tracing::warn!(%family, "revoked refresh token presented again; revoking family");
            store.revoke_family(family).await;
            res.status_code(StatusCode::UNAUTHORIZED);
        }
        Err(RotateError::Unknown) => {
            res.status_code(StatusCode::UNAUTHORIZED);
        }
    }
}

pub fn router(store: Arc<TokenStore>) -> Router {
    Router::with_path("tokens/refresh")
        .hoop(affix_state::inject(store))
        .post(refresh)
}

#[cfg(test)]
mod tests {
    use salvo::test::TestClient;
    use tracing_test::traced_test;

    use super::*;

    #[tokio::test]
    async fn refresh_without_cookie_is_401() {
        let service = Service::new(router(Arc::new(TokenStore::default())));
        let res = TestClient::post("http://127.0.0.1:5800/tokens/refresh")
            .send(&service)
            .await;
        assert_eq!(res.status_code, Some(StatusCode::UNAUTHORIZED));
    }

    #[test]
    #[traced_test]
    async fn reused_revoked_token_revokes_family() {
        let store = Arc::new(TokenStore::default());
        let family = store.insert_revoked("rt_reused_01", "user-7").await;
        let service = Service::new(router(Arc::clone(&store)));
        let res = TestClient::post("http://127.0.0.1:5800/tokens/refresh")
            .add_header("cookie", "refresh_token=rt_reused_01", true)
            .send(&service)
            .await;
        assert_eq!(res.status_code, Some(StatusCode::UNAUTHORIZED));
        assert!(store.family_revoked(family).await);
        assert!(logs_contain("revoked refresh token presented again"));
    }
}
