import { CHOICE_INPUT } from "~/components/ui/choice";
import { roleLabel } from "~/modules/platforms/hotjar";

/** The roles a link may ask for, as radios (Admin is never one): New link, intake links, Settings. */
export function RoleChoices({ name, checked }: { name: string; checked: string | undefined }) {
  return (
    <>
      {(["VIEWER", "USER"] as const).map((role) => (
        <label key={role} className="choice flex min-h-touch items-center gap-2">
          <input className={CHOICE_INPUT} type="radio" name={name} value={role} defaultChecked={checked === role} /> {roleLabel(role)}
        </label>
      ))}
    </>
  );
}
