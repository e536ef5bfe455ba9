import type { ReactNode } from "react";
import { useIntl } from "react-intl";

type Values = Record<string, string | number | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/** The client page's words: `t("page.confirm.title", { agency })`, in the page's language. */
export function useT() {
  const intl = useIntl();
  return (id: string, values?: Values) => intl.formatMessage({ id }, values as never) as string;
}
