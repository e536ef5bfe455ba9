/** A staff form's checkbox or radio: 20 px in the accent colour (the browser's 13 px box is hard to hit and to see). */
export const CHOICE_INPUT = "h-5 w-5 shrink-0 align-middle accent-accent";
