/**
 * wp-scripts' webpack config with three changes, so one build runs on WordPress 6.5 through 6.7 (README: "How the
 * build works on WordPress 6.5 and 6.7"):
 * - bundle React 18's react/jsx-runtime: WordPress < 6.6 has no 'react-jsx-runtime' script handle, and a script
 *   with an unknown dependency is silently not enqueued;
 * - keep package CSS (DataViews' build-style) in our own stylesheet instead of turning it into a bogus script
 *   dependency, and stop webpack from dropping it because the package says "sideEffects": false;
 * - no separate vendor chunk: the lazy Sessions chunk is one JS file (see optimization below).
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );
const DependencyExtractionWebpackPlugin = require( '@wordpress/dependency-extraction-webpack-plugin' );

module.exports = {
	...defaultConfig,
	optimization: {
		...defaultConfig.optimization,
		splitChunks: {
			...defaultConfig.optimization.splitChunks,
			cacheGroups: {
				...defaultConfig.optimization.splitChunks.cacheGroups,
				// DataViews stays inside the lazy "sessions" chunk (one file, build/sessions.js), so the admin
				// page can load that file directly when it opens on the Sessions tab (includes/Admin/Page.php).
				defaultVendors: false,
			},
		},
	},
	module: {
		...defaultConfig.module,
		rules: [
			...defaultConfig.module.rules,
			{ test: /[\\/]build-style[\\/][^\\/]+\.css$/, sideEffects: true },
		],
	},
	plugins: [
		...defaultConfig.plugins.filter(
			( plugin ) =>
				plugin.constructor.name !== 'DependencyExtractionWebpackPlugin'
		),
		new DependencyExtractionWebpackPlugin( {
			requestToExternal( request ) {
				if ( request === 'react/jsx-runtime' ) {
					return false;
				}
				if ( /^@wordpress\/[^/]+\/build-style\//.test( request ) ) {
					return false;
				}
				return undefined;
			},
		} ),
	],
};
