use std::collections::HashMap;

use serde_json::Value;

use crate::notifications::templates::{EmailTemplate, TemplateError};

pub struct RenderedEmail {
    pub subject: String,
    pub html: String,
    pub text: String,
}

pub struct Renderer {
    templates: HashMap<&'static str, Box<dyn EmailTemplate + Send + Sync>>,
    brand_name: String,
}

impl Renderer {
    pub fn new(brand_name: String) -> Self {
        Self { templates: HashMap::new(), brand_name }
    }

    pub fn register(&mut self, name: &'static str, template: Box<dyn EmailTemplate + Send + Sync>) {
        self.templates.insert(name, template);
    }

    pub fn render(&self, name: &str, vars: &Value) -> Result<RenderedEmail, TemplateError> {
        let template = self
            .templates
            .get(name)
            .ok_or_else(|| TemplateError::Unknown(name.to_owned()))?;
        let subject = template.subject(vars)?;
        let html = template.html(vars, &self.brand_name)?;
        let text = template.text(vars)?;
        Ok(RenderedEmail { subject, html, text })
    }
}
