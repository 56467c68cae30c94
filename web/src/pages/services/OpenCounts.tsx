/** A service's open incidents: triggered and acknowledged counts, coloured only when there are some. */
export function OpenCounts({ open }: { open: { triggered: number; acknowledged: number } }) {
  if (open.triggered === 0 && open.acknowledged === 0) return <span className="muted">None open</span>;
  return (
    <span className="svc-counts">
      <span className={open.triggered ? 'svc-count status-triggered' : 'svc-count muted'}>{open.triggered} triggered</span>
      <span className={open.acknowledged ? 'svc-count status-acknowledged' : 'svc-count muted'}>{open.acknowledged} acknowledged</span>
    </span>
  );
}
