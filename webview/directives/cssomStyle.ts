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
  /** What this directive set last, by property: a value unchanged is not set again (a scrolled grid's styles). */
  private applied = new Map<string, string>();

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
    for (const name of this.applied.keys())
      if (!(name in declarations)) {
        style.removeProperty(name);
        this.applied.delete(name);
      }
    for (const name in declarations) {
      const value = declarations[name];
      if (this.applied.get(name) === value) continue;
      style.setProperty(name, value);
      this.applied.set(name, value);
    }
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyleDirective);
