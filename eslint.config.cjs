/**
 * wp-scripts' default ESLint config, plus the checks that keep every user-facing string of the app translatable
 * (text domain cart-sessions-for-cocart). tests/i18n/lint-rules.test.js proves each check fires.
 */
const defaultConfig = require( '@wordpress/scripts/config/eslint.config.cjs' );

// Props and object keys whose value a person reads (on a control, a DataViews field, a tab, a notice).
const PROSE_PROPS =
	'label|help|title|placeholder|alt|aria-label|aria-description|description|searchLabel|heading|message|text|confirmButtonText';
// Prose: a capitalised word, or two words in a row (not identifiers such as 'store_url', nor tokens such as 'ck_…').
const WORDY = '/^[A-Z][a-z]+|[A-Za-z]{2,} [A-Za-z]{2,}/';
// Not the text or domain argument of a gettext call.
const NOT_GETTEXT_ARG =
	':not(CallExpression[callee.name=/^(__|_x|_n|_nx)$/] > Literal)';
const TRANSLATE =
	"Wrap user-facing text in __( '…', 'cart-sessions-for-cocart' ).";

module.exports = [
	...defaultConfig,
	{
		files: [ 'src/**/*.{ts,tsx}' ],
		rules: {
			// TypeScript's signature names and types every parameter (props too): a @param line is written only
			// when it says more than that, never as an empty stub.
			'jsdoc/require-param': 'off',
		},
	},
	{
		files: [ 'src/**/*.{js,jsx,ts,tsx}' ],
		ignores: [ 'src/**/*.test.{js,jsx,ts,tsx}', 'src/test-setup.ts' ],
		rules: {
			'@wordpress/i18n-text-domain': [
				'error',
				{ allowedTextDomain: 'cart-sessions-for-cocart' },
			],
			// Text between JSX tags.
			'react/jsx-no-literals': [
				'error',
				{
					noStrings: true,
					ignoreProps: true,
					// Symbols, not words.
					allowedStrings: [
						'—',
						'#',
						'%',
						'–',
						'−',
						'…',
						'·',
						'×',
						':',
						'/',
						'(',
						')',
					],
				},
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: `JSXAttribute[name.name=/^(${ PROSE_PROPS })$/] Literal[value=${ WORDY }]${ NOT_GETTEXT_ARG }`,
					message: TRANSLATE,
				},
				{
					selector: `Property[key.name=/^(${ PROSE_PROPS })$/] > Literal[value=${ WORDY }]`,
					message: TRANSLATE,
				},
			],
		},
	},
];
