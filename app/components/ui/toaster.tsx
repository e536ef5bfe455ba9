import * as Toast from "@radix-ui/react-toast";
import { clsx } from "clsx";
import { CheckCircle2, Info, X, XCircle } from "lucide-react";
import { createContext, type ReactNode, useCallback, useContext, useState } from "react";

import type { Flash } from "~/modules/http/flash.server";

import { useHydrated } from "../use-hydrated";

// Feedback after an action (docs/decisions/040): the server's flash message, and anything the
// page itself wants to say ("Link copied"). With JavaScript, a toast; without, a status line at
// the top of the page, which the server draws.

type Item = Flash & { id: number };
const ToastContext = createContext<(flash: Flash) => void>(() => undefined);

/** Shows a toast from the page itself, e.g. after a copy. */
export function useToast() {
  return useContext(ToastContext);
}

const ICONS = { success: CheckCircle2, error: XCircle, info: Info } as const;
const TONES = { success: "border-line text-ok", error: "border-line text-danger", info: "border-line text-fg" } as const;

let nextId = 1;

export function Toaster({ flash, children }: { flash: Flash | null; children: ReactNode }) {
  const hydrated = useHydrated();
  const [items, setItems] = useState<Item[]>([]);
  const push = useCallback((f: Flash) => setItems((list) => [...list.slice(-2), { ...f, id: nextId++ }]), []);
  // Each load that carries a flash brings a new object: shown until it is dismissed.
  const [dismissed, setDismissed] = useState<Flash | null>(null);
  const shown: Item[] = flash && hydrated && flash !== dismissed ? [{ ...flash, id: 0 }] : [];

  return (
    <ToastContext.Provider value={push}>
      <Toast.Provider duration={5000} swipeDirection="right">
        {flash && !hydrated ? <FlashLine flash={flash} /> : null}
        {children}
        {[...shown, ...items].map((item) => {
          const Icon = ICONS[item.kind];
          return (
            <Toast.Root
              key={item.id === 0 ? `flash-${item.kind}-${item.message}` : item.id}
              type={item.kind === "error" ? "foreground" : "background"}
              onOpenChange={(open) => {
                if (open) return;
                if (item.id === 0) setDismissed(flash);
                else setItems((list) => list.filter((i) => i.id !== item.id));
              }}
              className={clsx(
                "flex items-start gap-3 rounded-lg border border-solid bg-card p-4 shadow-lg data-[state=closed]:opacity-0",
                TONES[item.kind],
              )}
            >
              <Icon aria-hidden className="mt-0.5 h-5 w-5 shrink-0" />
              <Toast.Description className="flex-1 text-[0.95rem] text-fg">{item.message}</Toast.Description>
              <Toast.Close
                aria-label="Dismiss"
                className="-m-2 inline-flex min-h-touch min-w-touch cursor-pointer items-center justify-center rounded-md border-0 bg-transparent p-0 text-muted hover:text-fg"
              >
                <X aria-hidden className="h-4 w-4" />
              </Toast.Close>
            </Toast.Root>
          );
        })}
        <Toast.Viewport className="fixed bottom-0 right-0 z-50 m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

/** The flash without JavaScript: a line at the top of the page. */
function FlashLine({ flash }: { flash: Flash }) {
  const Icon = ICONS[flash.kind];
  return (
    <div
      role={flash.kind === "error" ? "alert" : "status"}
      className={clsx(
        "mx-auto mt-3 flex max-w-7xl items-center gap-2 rounded-md border border-solid px-4 py-2",
        flash.kind === "error" ? "border-danger-soft bg-danger-soft text-danger" : "border-ok-soft bg-ok-soft text-ok",
      )}
    >
      <Icon aria-hidden className="h-4 w-4 shrink-0" />
      <span>{flash.message}</span>
    </div>
  );
}
