import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Empty, MorePages, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { formatTime } from '../../ui/time';

/** Mail Vigil would have sent while no SMTP server is configured: read it here (invitations, notifications). */
export function MailOutbox() {
  const mails = useInfiniteQuery({
    queryKey: ['mail-outbox'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/mail-outbox', { params: { query: { limit: 25, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const list = { data: mails.data?.pages.flatMap((page) => page.mails), error: mails.error, isPending: mails.isPending };
  return (
    <Section title="Mail outbox">
      <p className="muted">While SMTP_URL is not set, Vigil keeps the e-mail it would have sent here instead.</p>
      <QueryState query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No mail in the outbox.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">To</th>
                      <th scope="col">Subject</th>
                      <th scope="col">Time</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((mail) => (
                      <tr key={mail.id}>
                        <td>{mail.to}</td>
                        <td>
                          <details>
                            <summary>{mail.subject}</summary>
                            <pre>{mail.text}</pre>
                          </details>
                        </td>
                        <td>
                          <time dateTime={mail.created_at}>{formatTime(mail.created_at)}</time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <MorePages query={mails} label="Show older mail" />
            </>
          )
        }
      </QueryState>
    </Section>
  );
}
