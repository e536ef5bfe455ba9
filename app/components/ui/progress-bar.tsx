import { useNavigation } from "@remix-run/react";

/**
 * A thin bar at the top while a page loads or a form is sent. It starts moving after 150 ms (an
 * animation delay), so quick answers do not flicker.
 */
export function ProgressBar() {
  const busy = useNavigation().state !== "idle";
  if (!busy) return null;
  return (
    // Decorative: the button that was pressed says what is happening (aria-busy).
    <div aria-hidden data-testid="progress-bar" className="pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden">
      <div className="h-full w-2/5 -translate-x-full animate-progress bg-accent [animation-delay:150ms]" />
    </div>
  );
}
