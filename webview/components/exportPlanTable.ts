import { html, nothing } from 'lit';
import type { ClassPlan } from '../../src/core/export/exportPlan';
import { plannedTotal, type ExportPlanView } from '../../src/protocol/exportPlanView';
import { formatCount } from '../format';

/**
 * The export's plan before it runs: per class (per split), the images, copies per image, augmented outputs,
 * originals and the resulting count. Open while balancing, since that is when counts differ between classes.
 */
export function exportPlanTable(
  plan: ExportPlanView | null,
  error: string | null,
  open: boolean,
  keepOriginals: boolean,
) {
  if (error) return html`<p class="error-text export-plan-error">Cannot plan the export: ${error}</p>`;
  if (!plan) return html`<p class="note">Planning the export…</p>`;
  const { classes } = plan;
  const splits = classes.some((c) => c.split);
  const augmented = classes.reduce((sum, c) => sum + c.outputs, 0);
  const originals = classes.reduce((sum, c) => sum + (c.originals ?? 0), 0);
  return html`<details class="export-plan" ?open=${open}>
    <summary class="plan-summary" data-total=${augmented + originals}>
      Writes ${formatCount(augmented + originals)} image(s): ${formatCount(augmented)} augmented
      ${
        keepOriginals
          ? html`+ ${formatCount(originals)} original(s), each source as it is`
          : html`copies only; <strong>the originals are not written</strong> (tick Keep originals to add them)`
      }
    </summary>
    <table class="data export-plan-table" aria-label="Export plan per class">
      <thead>
        <tr>
          ${splits ? html`<th scope="col">split</th>` : nothing}
          <th scope="col">class</th>
          <th scope="col" class="num">images</th>
          <th scope="col" class="num" title="Augmented copies per source image">copies each</th>
          <th scope="col" class="num">augmented</th>
          <th scope="col" class="num">originals</th>
          <th scope="col" class="num">result</th>
        </tr>
      </thead>
      <tbody>
        ${classes.map((c) => row(c, splits))}
      </tbody>
    </table>
  </details>`;
}

function row(c: ClassPlan, splits: boolean) {
  const [few, many] = c.copiesPerImage;
  return html`<tr data-class=${c.className} data-split=${c.split ?? ''}>
    ${splits ? html`<td>${c.split ?? ''}</td>` : nothing}
    <td>${c.className || '(no class)'}</td>
    <td class="num">${formatCount(c.sources)}</td>
    <td class="num copies">${few === many ? few : `${few}–${many}`}</td>
    <td class="num augmented">${formatCount(c.outputs)}</td>
    <td class="num originals">${formatCount(c.originals ?? 0)}</td>
    <td class="num result">${formatCount(plannedTotal(c))}</td>
  </tr>`;
}
