// The client page's loader and action data, as the route sends them (types only).
export type { ActionData, LinkData } from "~/routes/l.$token";
