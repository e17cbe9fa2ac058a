/** Panel UI entry: renders the report sent by the extension host. */
interface ReportMessage {
  type: 'report';
  report: { root: string; files: number; images: number; classes: { name: string; index: number; count: number }[] };
}

function render(message: ReportMessage): void {
  const app = document.getElementById('app');
  if (!app) return;
  app.replaceChildren();
  const title = document.createElement('h1');
  title.textContent = message.report.root;
  const summary = document.createElement('p');
  summary.textContent = `${message.report.files} image files, ${message.report.images} decoded`;
  const list = document.createElement('ul');
  for (const c of message.report.classes) {
    const item = document.createElement('li');
    item.textContent = `${c.index} ${c.name}: ${c.count}`;
    list.append(item);
  }
  app.append(title, summary, list);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as Partial<ReportMessage> | null;
  if (data && data.type === 'report' && data.report) render(data as ReportMessage);
});
