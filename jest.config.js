const defaultConfig = require( '@wordpress/scripts/config/jest-unit.config' );

module.exports = {
	...defaultConfig,
	roots: [ '<rootDir>/src' ],
	// The local WordPress sites live in .local-wp/ (with a link back to this folder): keep jest out of them.
	testPathIgnorePatterns: [ '/node_modules/', '<rootDir>/.local-wp/' ],
	// DataViews' /wp build and the uuid it imports are ES modules only: let babel turn them into CommonJS.
	transformIgnorePatterns: [
		'/node_modules/(?!(@wordpress/dataviews/(build-wp|node_modules/uuid)/|uuid/))',
	],
	modulePathIgnorePatterns: [ '<rootDir>/.local-wp/', '<rootDir>/build/' ],
	// Jest adds this to the preset's own setup (which fails a test on any unexpected console.error).
	setupFilesAfterEnv: [ '<rootDir>/src/test-setup.ts' ],
	// WordPress provides @wordpress/notices at runtime (the wp-notices script); jest gets a copy of its store.
	moduleNameMapper: {
		...defaultConfig.moduleNameMapper,
		'^@wordpress/notices$': '<rootDir>/src/test-support/notices.ts',
	},
};
