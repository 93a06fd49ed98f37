export { BundleRefused } from './BundleRefused';
export type { BundleProgress } from './BundleRefused';
export { BUNDLE_VERSION, DAMAGED, MAX_BUNDLE_BYTES, openBundle, sealBundle, SLOT_BYTES } from './bundleFile';
export type { BundleContent, BundleKind, BundleSection } from './bundleFile';
export { padmeLength } from './padme';
