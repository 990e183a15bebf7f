// Stylesheets are imported for their side effect: wp-scripts extracts them into build/*.css.
declare module '*.css';
declare module '*.scss';
