import type { Config } from "tailwindcss";

// The staff side's component kit (docs/decisions/040). Colours are the CSS variables of
// app/styles/app.css, so the client's page (plain CSS) and the staff pages share one set of
// tokens, and an agency's accent colour set on a page reaches both.
export default {
  content: ["./app/**/*.{ts,tsx}"],
  // app.css still styles elements for the pages not yet on the kit (and the client's page):
  // Tailwind's reset would change them all at once.
  corePlugins: { preflight: false },
  theme: {
    extend: {
      colors: {
        fg: "var(--fg)",
        muted: "var(--muted)",
        canvas: "var(--bg)",
        card: "var(--card)",
        line: "var(--line)",
        accent: { DEFAULT: "var(--accent)", soft: "var(--accent-soft)" },
        danger: { DEFAULT: "var(--danger)", soft: "var(--danger-soft)" },
        ok: { DEFAULT: "var(--ok)", soft: "var(--ok-soft)" },
        warn: { DEFAULT: "var(--warn)", soft: "var(--warn-bg)" },
      },
      minHeight: { touch: "2.75rem" },
      minWidth: { touch: "2.75rem" },
      keyframes: {
        progress: { "0%": { transform: "translateX(-100%)" }, "100%": { transform: "translateX(250%)" } },
      },
      animation: { progress: "progress 1.1s ease-in-out infinite" },
    },
  },
  plugins: [],
} satisfies Config;
