use salvo::prelude::*;
use uuid::Uuid;

use crate::error::ApiError;
use crate::repo::{self, Project};
use crate::state::db;

#[handler]
pub async fn get_project(req: &mut Request, depot: &mut Depot) -> Result<Json<Project>, ApiError> {
    let id: Uuid = req.param("id").ok_or(ApiError::BadRequest("id"))?;
    let project = repo::find(db(depot)?, id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(project))
}

#[handler]
pub async fn list_projects(depot: &mut Depot) -> Result<Json<Vec<Project>>, ApiError> {
    Ok(Json(repo::list_active(db(depot)?, 100).await?))
}

#[cfg(test)]
mod tests {
    use salvo::test::{ResponseExt, TestClient};

    use super::*;
    use crate::state::test_service;

    #[tokio::test]
    async fn get_project_returns_seeded_project() {
        let svc = test_service(Router::with_path("projects/<id>").get(get_project)).await;
        let mut res = TestClient::get(format!("http://127.0.0.1/projects/{}", crate::repo::SEEDED_ID))
            .send(&svc)
            .await;
        assert_eq!(res.status_code, Some(StatusCode::OK));
        let body: Project = res.take_json().await.unwrap();
        assert_eq!(body.id, crate::repo::SEEDED_ID);
    }

    #[tokio::test]
    async fn list_projects_excludes_archived() {
        let svc = test_service(Router::with_path("projects").get(list_projects)).await;
        let mut res = TestClient::get("http://127.0.0.1/projects").send(&svc).await;
        let body: Vec<Project> = res.take_json().await.unwrap();
        assert!(body.iter().all(|p| p.archived_at.is_none()));
    }
}
