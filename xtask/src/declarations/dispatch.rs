//! The CLI's dispatch: each operation built by its typed builder from text.

use quote::{format_ident, quote};
use serde_json::Value;

use super::*;

/// `Client::prepare_from_text` (feature `cli`): the request of any operation with its
/// parameters given as text (the CLI's flags) and its body as JSON, built by the operation's
/// own typed builder, so that the command line sends exactly what the typed client sends.
pub fn text_dispatch(doc: &Value, file: &syn::File) -> Result<Vec<syn::Item>, String> {
    let builders = super::super::module_items(file, "builder")?;
    let mut arms = Vec::new();
    for (item, operation) in operations(doc) {
        let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let builder = builder_name(id);
        // The builder's setters: name → the type its `TryInto` bound names.
        let mut setters: Vec<(String, syn::Type)> = Vec::new();
        for b in builders {
            let syn::Item::Impl(imp) = b else { continue };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                continue;
            };
            if imp.trait_.is_some()
                || self_ty.path.segments.last().map(|s| &s.ident) != Some(&builder)
            {
                continue;
            }
            for f in &imp.items {
                let syn::ImplItem::Fn(f) = f else { continue };
                if let Some(ty) = setter_type(f) {
                    setters.push((f.sig.ident.to_string(), ty));
                }
            }
        }
        let method = format_ident!("{}", id);
        let mut sets = Vec::new();
        for parameter in parameters(doc, item, operation) {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let setter = field_name(name).trim_matches('_').to_string();
            let Some((_, ty)) = setters.iter().find(|(s, _)| *s == setter) else {
                return Err(format!(
                    "{id}: no builder method `{setter}` for the parameter {name}"
                ));
            };
            let setter = format_ident!("{}", setter);
            sets.push(quote! {
                builder = crate::cli::set_from_text(builder, param, #name, |b, v: #ty| b.#setter(v))?;
            });
        }
        if let Some((_, ty)) = setters.iter().find(|(s, _)| s == "body") {
            sets.push(quote! {
                if let Some(body) = body {
                    builder = builder.body(crate::cli::value_from_json::<#ty>(body)?);
                }
            });
        }
        arms.push(quote! {
            #id => (|| {
                let mut builder = self.#method();
                #(#sets)*
                builder.into_request().1.map_err(|e| e.to_string())
            })(),
        });
    }
    let tokens = quote! {
        #[cfg(feature = "cli")]
        impl Client {
            /// The request of `operation` with each parameter's text from `param` (by its name
            /// in the spec) and the body as JSON, built by the operation's typed builder: the
            /// command line sends what the typed client sends. `None` for an unknown operation.
            #[allow(deprecated, unused_mut, clippy::redundant_closure_call)]
            pub(crate) fn prepare_from_text(
                &self,
                operation: &str,
                param: &dyn Fn(&str) -> Option<String>,
                body: Option<::serde_json::Value>,
            ) -> Option<Result<reqwest::Request, String>> {
                let _ = (&param, &body);
                Some(match operation {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    };
    syn::parse2::<syn::File>(tokens)
        .map(|f| f.items)
        .map_err(|e| format!("generated text dispatch does not parse: {e}"))
}

/// `T` of a builder setter `fn x<V>(self, value: V) -> Self where V: TryInto<T>`.
fn setter_type(f: &syn::ImplItemFn) -> Option<syn::Type> {
    let predicates = &f.sig.generics.where_clause.as_ref()?.predicates;
    predicates.iter().find_map(|p| {
        let syn::WherePredicate::Type(p) = p else {
            return None;
        };
        p.bounds.iter().find_map(|bound| {
            let syn::TypeParamBound::Trait(t) = bound else {
                return None;
            };
            let last = t.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
        })
    })
}
