//! `list_received_payments().stream()`: every received payment, page after page.

use super::builder::ListReceivedPayments;
use super::types::{ReceivedPayment, ReceivedPaymentList};
use crate::error::{Error, ErrorKind};
use crate::pagination::{Page, PageQuery, Paginator, Total};

/// Unit's largest page (`page[limit]` at most 1000), the default page size of the stream.
pub const MAX_PAGE_SIZE: u64 = 1000;

impl<'a> ListReceivedPayments<'a> {
    /// The list's items as a stream, with every filter and the sort set on this builder;
    /// `page[limit]` and `page[offset]` are the stream's (page size default 1000). Unit's
    /// `meta.pagination.total` is an estimate: the stream ends on a short or empty page.
    pub fn stream(self) -> Paginator<'a, ReceivedPayment> {
        Paginator::with_arrivals(
            Total::Estimate,
            MAX_PAGE_SIZE,
            |p: &ReceivedPayment| p.id.to_string(),
            move |query: PageQuery| {
                let (client, request) = self
                    .clone()
                    .page_limit(query.size)
                    .page_offset(query.offset())
                    .into_request();
                // In a task of its own: pages in flight are received and decoded in parallel.
                crate::spawned::page(
                    &client.inner,
                    &client.client,
                    request,
                    "list_received_payments",
                    move |list: ReceivedPaymentList| {
                        let pagination = list.meta.as_ref().and_then(|m| m.pagination.as_ref());
                        // A server that ignores the offset would serve the first page forever.
                        if let Some(p) = pagination
                            && p.offset != query.offset() as i64
                        {
                            return Err(Error::new(ErrorKind::Paging).with_message(format!(
                                "asked for offset {} and got offset {}",
                                query.offset(),
                                p.offset
                            )));
                        }
                        let total = pagination.and_then(|p| u64::try_from(p.total).ok());
                        Ok(Page {
                            items: list.data,
                            total,
                        })
                    },
                )
            },
        )
    }
}
