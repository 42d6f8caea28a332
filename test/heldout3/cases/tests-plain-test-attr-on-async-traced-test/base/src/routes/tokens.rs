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
        Err(RotateError::Revoked { .. }) | Err(RotateError::Unknown) => {
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

    use super::*;

    #[tokio::test]
    async fn refresh_without_cookie_is_401() {
        let service = Service::new(router(Arc::new(TokenStore::default())));
        let res = TestClient::post("http://127.0.0.1:5800/tokens/refresh")
            .send(&service)
            .await;
        assert_eq!(res.status_code, Some(StatusCode::UNAUTHORIZED));
    }
}
