import { html, nothing } from 'lit';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import {
  ToHost,
  type PipelineDocument,
  type PipelineIssueView,
  type TransformInfo,
} from '../../src/protocol/messages';
import { addStep, parseNumberField, seedOf, setSeed, stepsOf } from '../pipelineModel';
import { rpc } from '../vscodeApi';
import { LightElement } from './lightElement';
import { transformStep, type StepEditing } from './transformStep';

/**
 * The pipeline editor: seed, save, one card per transform (fields from the registry's option specs) and the
 * transform picker. It owns no pipeline: each edit goes up as a `pipeline-edit` event (detail: the new document),
 * a save as `pipeline-file` (bubbles to the app) and a line for the user as `status`.
 */
export class DlPipelineEditor extends LightElement implements StepEditing {
  static override properties = {
    pipeline: { attribute: false },
    pipelineFile: {},
    catalog: { attribute: false },
    issues: { attribute: false },
    safety: { attribute: false },
  };
  declare pipeline: PipelineDocument;
  declare pipelineFile: string | null;
  declare catalog: TransformInfo[];
  /** The validator's issues with the pipeline (from the last preview). */
  declare issues: PipelineIssueView[];
  /** The label-safety warnings of the last preview, null when it had none to give. */
  /** The label safety of the pipeline shown (null while unknown or about another version of it). */
  declare safety: LabelSafetyReport | null;

  constructor() {
    super();
    this.catalog = [];
    this.issues = [];
    this.safety = null;
  }

  readonly edit = (next: PipelineDocument): void => {
    this.dispatchEvent(new CustomEvent('pipeline-edit', { detail: next }));
  };

  protected override render() {
    const steps = stepsOf(this.pipeline ?? {});
    const issues = this.issues;
    return html`<div class="toolbar">
        <label for="pipeline-seed">Seed</label>
        <vscode-textfield
          id="pipeline-seed"
          type="number"
          min="0"
          class="seed"
          .value=${String(seedOf(this.pipeline))}
          @change=${this.onSeed}
        ></vscode-textfield>
        <vscode-button
          secondary
          icon="refresh"
          title="Draw a new seed (other files, other variants)"
          @click=${this.reseed}
          >Reseed</vscode-button
        >
        <span class="spacer"></span>
        <vscode-button
          secondary
          icon="save"
          @click=${this.save}
          title=${this.pipelineFile ?? 'Save as a .pipeline.json file'}
          >${this.pipelineFile ? 'Save' : 'Save as…'}</vscode-button
        >
      </div>
      ${this.pipelineFile ? html`<p class="note">Editing <code>${this.pipelineFile}</code></p>` : nothing}
      ${issues.length ? html`<div class="issues" role="alert">${issues.map((i) => html`<div><span class="codicon codicon-error" aria-hidden="true"></span> ${i.message}</div>`)}</div>` : nothing}
      <ol class="steps">
        ${steps.map((step, index) =>
          transformStep(
            this,
            step,
            index,
            steps.length,
            this.catalog.find((t) => t.name === step.name),
            issues,
            this.safety?.transforms[index],
          ),
        )}
      </ol>
      <div class="toolbar">
        <label for="add-transform">Add</label>
        <select id="add-transform" class="native-select" @change=${this.onAdd}>
          <option value="">transform…</option>
          ${this.catalog.map((t) => html`<option value=${t.name}>${t.name} (${t.kind})</option>`)}
        </select>
      </div>`;
  }

  private onSeed = (e: Event) => {
    const value = parseNumberField((e.target as HTMLInputElement).value);
    if (value !== undefined && Number.isInteger(value) && value >= 0)
      this.edit(setSeed(this.pipeline, value));
  };

  private reseed = () => this.edit(setSeed(this.pipeline, Math.floor(Math.random() * 0x7fffffff)));

  private onAdd = (e: Event) => {
    const select = e.target as HTMLSelectElement;
    const transform = this.catalog.find((t) => t.name === select.value);
    select.value = '';
    if (transform) this.edit(addStep(this.pipeline, transform));
  };

  private save = async () => {
    try {
      const { file } = await rpc.request(ToHost.savePipeline, { pipeline: this.pipeline });
      if (file) {
        this.pipelineFile = file;
        this.say(`Saved ${file}`);
        this.dispatchEvent(new CustomEvent('pipeline-file', { detail: file, bubbles: true }));
      }
    } catch (error) {
      this.say((error as Error).message);
    }
  };

  private say(status: string): void {
    this.dispatchEvent(new CustomEvent('status', { detail: status }));
  }
}

customElements.define('dl-pipeline-editor', DlPipelineEditor);

declare global {
  interface HTMLElementTagNameMap {
    'dl-pipeline-editor': DlPipelineEditor;
  }
}
