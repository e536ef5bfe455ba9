import type { IntlShape } from "react-intl";

import type { CopyLabel, InstructionStep } from "./platform";

/** A step's message id in app/locales. */
export function stepMessageId(step: Pick<InstructionStep, "id">): string {
  return `hotjar.step.${step.id}`;
}

/** A copy button's label message id. */
export function copyLabelId(label: CopyLabel): string {
  return `hotjar.copy.${label}`;
}

/** A step as plain text in the intl's language (emails, the staff's removal steps). */
export function stepText(intl: IntlShape, step: InstructionStep): string {
  return intl.formatMessage({ id: stepMessageId(step) }, step.values);
}
