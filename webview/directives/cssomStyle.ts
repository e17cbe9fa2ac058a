import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/** CSS declarations by property name as CSS writes it (`grid-template-columns`, `--my-var`). */
export type CssDeclarations = Record<string, string>;

/**
 * `style=${cssomStyle({...})}`: lit's styleMap for a page under a strict CSP. styleMap writes its first value as
 * a `style` attribute, which the panel's CSP (no 'unsafe-inline') blocks as an inline style, so the element went
 * without those styles until its next update (seen in code-server's browser log). This directive only ever sets
 * properties through the CSSOM (`element.style`), which a CSP does not restrict.
 */
class CssomStyleDirective extends Directive {
  private applied = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style')
      throw new Error('cssomStyle() must be bound to a style attribute (style=${cssomStyle({...})})');
  }

  render(_declarations: CssDeclarations): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [declarations]: [CssDeclarations]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.applied) if (!(name in declarations)) style.removeProperty(name);
    for (const [name, value] of Object.entries(declarations)) style.setProperty(name, value);
    this.applied = new Set(Object.keys(declarations));
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyleDirective);
