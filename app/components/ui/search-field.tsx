import { Search } from "lucide-react";
import type { ReactNode } from "react";

import { buttonClasses } from "./button";

/** A list's search box (`q`), its button, and an optional hint under it; inside the list's GET form. */
export function SearchField({ defaultValue, placeholder, hint }: { defaultValue?: string; placeholder: string; hint?: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-[1_1_16rem] flex-col gap-1">
      <label htmlFor="q" className="text-sm font-medium">
        Search
      </label>
      <div className="flex gap-2">
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={defaultValue ?? ""}
          placeholder={placeholder}
          aria-describedby={hint ? "q-hint" : undefined}
          className="m-0 min-h-touch min-w-0 flex-1"
        />
        <button type="submit" className={buttonClasses("secondary")}>
          <Search aria-hidden className="h-4 w-4" />
          Search
        </button>
      </div>
      {hint ? (
        <p id="q-hint" className="m-0 text-sm text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
