/**
 * The Sessions table's view (DataViews' page, sort, search, filters, hidden columns) as REST query arguments and
 * as URL parameters, so that a link reproduces the view and Back restores the previous one; and the preset views
 * (Live carts, Worth chasing, Expired, All carts) a store manager picks in one click.
 */
import type { Filter, View } from '@wordpress/dataviews/wp';
import type { UrlParams } from '../../hooks/useUrlParams';
import type {
	SessionFilter,
	SessionOrderBy,
	SessionStatus,
	SessionsQuery,
} from '../../api/sessions';

export const PER_PAGE_SIZES = [ 20, 50, 100 ];

export const SORTABLE: readonly SessionOrderBy[] = [
	'key',
	'customer',
	'created',
	'expires',
	'item_count',
	'total',
	'status',
	'source',
];

/** The columns beside the customer (the title column), in their order. */
export const ALL_FIELDS = [
	'total',
	'item_count',
	'expires',
	'status',
	'source',
	'created',
];

export const STATUSES: readonly SessionStatus[] = [
	'active',
	'expiring',
	'expired',
];

/** Carts not expired yet: what can still be won back. The Sessions tab opens on them. */
export const LIVE: SessionStatus[] = [ 'active', 'expiring' ];

/** The Expires filter's choices, in days from now (the route's expires_within). */
export const EXPIRES_WITHIN = [ '1', '7', '30', '90' ] as const;

/** The filters that take one value, and the values each takes (anything else from a URL is dropped). */
const ONE_VALUE = {
	source: [ 'cocart', 'woocommerce', 'other' ],
	has_items: [ 'yes', 'no' ],
	has_email: [ 'yes', 'no' ],
	expires_within: EXPIRES_WITHIN,
} as const;
type OneValueField = keyof typeof ONE_VALUE;

const LIVE_FILTER: Filter = {
	field: 'status',
	operator: 'isAny',
	value: LIVE,
};

export const DEFAULT_VIEW: View = {
	type: 'table',
	page: 1,
	perPage: 20,
	search: '',
	filters: [ LIVE_FILTER ],
	sort: { field: 'expires', direction: 'desc' },
	titleField: 'customer',
	fields: ALL_FIELDS,
};

function isOneValueField( field: string ): field is OneValueField {
	return Object.prototype.hasOwnProperty.call( ONE_VALUE, field );
}

function isStatus( value: unknown ): value is SessionStatus {
	return STATUSES.includes( value as SessionStatus );
}

/**
 * The statuses a Status filter lets through: "is any of" its values, or "is none of" them (their complement).
 * Null: no condition (no filter, or every status).
 * @param filter
 */
function statusesOf( filter: Filter | undefined ): SessionStatus[] | null {
	if ( ! filter ) {
		return null;
	}
	const values = (
		Array.isArray( filter.value ) ? filter.value : [ filter.value ]
	).filter( isStatus );
	const chosen =
		filter.operator === 'isNone'
			? STATUSES.filter( ( status ) => ! values.includes( status ) )
			: STATUSES.filter( ( status ) => values.includes( status ) );
	return chosen.length === 0 || chosen.length === STATUSES.length
		? null
		: chosen;
}

/**
 * The filter part of a view: what the route filters by, what the CSV export holds and what "select all N
 * matching" deletes.
 * @param view
 */
export function viewToFilter( view: View ): SessionFilter {
	const filter: SessionFilter = {};
	if ( view.search ) {
		filter.search = view.search;
	}
	for ( const one of view.filters ?? [] ) {
		const { field, value } = one;
		if ( field === 'status' ) {
			const statuses = statusesOf( one );
			if ( statuses ) {
				filter.status = statuses;
			}
		} else if ( field === 'product' ) {
			const id = Number( value );
			if ( Number.isInteger( id ) && id > 0 ) {
				filter.product = id;
			}
		} else if (
			isOneValueField( field ) &&
			( ONE_VALUE[ field ] as readonly string[] ).includes(
				String( value )
			)
		) {
			( filter as Record< string, string > )[ field ] = String( value );
		}
	}
	return filter;
}

export function viewToQuery( view: View ): SessionsQuery {
	const sortField = view.sort?.field as SessionOrderBy | undefined;
	return {
		...viewToFilter( view ),
		page: view.page ?? 1,
		per_page: view.perPage ?? 20,
		orderby:
			sortField && SORTABLE.includes( sortField ) ? sortField : 'expires',
		order: view.sort?.direction === 'asc' ? 'asc' : 'desc',
	};
}

/**
 * Whether a view holds expired carts only (none a customer can still come back to).
 * @param view
 */
export function showsOnlyExpired( view: View ): boolean {
	const status = viewToFilter( view ).status;
	return status?.length === 1 && status[ 0 ] === 'expired';
}

/**
 * URL parameters for a view; defaults are left out so links stay short. The status filter is written as the
 * operator chose it: status=a,b (is any of), status_not=a (is none of), status=all (no status filter, which is not
 * the default).
 * @param view
 */
export function viewToParams( view: View ): Record< string, string > {
	const query = viewToQuery( view );
	const params: Record< string, string > = {};
	if ( query.page > 1 ) {
		params.paged = String( query.page );
	}
	if ( query.per_page !== 20 ) {
		params.per_page = String( query.per_page );
	}
	if ( query.search ) {
		params.s = query.search;
	}
	const status = ( view.filters ?? [] ).find(
		( filter ) => filter.field === 'status'
	);
	const statuses = statusesOf( status );
	if ( ! statuses ) {
		params.status = 'all';
	} else if ( status?.operator === 'isNone' ) {
		params.status_not = STATUSES.filter(
			( one ) => ! statuses.includes( one )
		).join( ',' );
	} else if ( statuses.join( ',' ) !== LIVE.join( ',' ) ) {
		params.status = statuses.join( ',' );
	}
	for ( const field of Object.keys( ONE_VALUE ) as OneValueField[] ) {
		if ( query[ field ] ) {
			params[ field ] = String( query[ field ] );
		}
	}
	if ( query.product ) {
		params.product = String( query.product );
	}
	if ( query.orderby !== 'expires' || query.order !== 'desc' ) {
		params.orderby = query.orderby;
		params.order = query.order;
	}
	const hidden = ALL_FIELDS.filter(
		( field ) => ! view.fields?.includes( field )
	);
	if ( hidden.length ) {
		params.hide = hidden.join( ',' );
	}
	return params;
}

function statusFromParams( params: URLSearchParams ): Filter | null {
	const any = params.get( 'status' );
	if ( any === 'all' ) {
		return null;
	}
	const none = params.get( 'status_not' );
	const list = ( text: string ) => text.split( ',' ).filter( isStatus );
	if ( none !== null && list( none ).length > 0 ) {
		return { field: 'status', operator: 'isNone', value: list( none ) };
	}
	if ( any !== null && list( any ).length > 0 ) {
		return { field: 'status', operator: 'isAny', value: list( any ) };
	}
	return LIVE_FILTER;
}

/**
 * The view described by URL parameters; anything unknown or out of range falls back to the default.
 * @param params
 */
export function viewFromParams( params: URLSearchParams ): View {
	const page = Number( params.get( 'paged' ) );
	const perPage = Number( params.get( 'per_page' ) );
	const product = Number( params.get( 'product' ) );
	const orderby = params.get( 'orderby' ) as SessionOrderBy | null;
	const hidden = ( params.get( 'hide' ) ?? '' ).split( ',' );
	const status = statusFromParams( params );
	const filters: Filter[] = [
		...( status ? [ status ] : [] ),
		...( Object.keys( ONE_VALUE ) as OneValueField[] ).flatMap(
			( field ) => {
				const value = params.get( field );
				return value &&
					( ONE_VALUE[ field ] as readonly string[] ).includes(
						value
					)
					? [ { field, operator: 'is' as const, value } ]
					: [];
			}
		),
		...( Number.isInteger( product ) && product > 0
			? [
					{
						field: 'product',
						operator: 'is' as const,
						value: String( product ),
					},
				]
			: [] ),
	];
	return {
		...DEFAULT_VIEW,
		page: Number.isInteger( page ) && page > 0 ? page : 1,
		perPage: PER_PAGE_SIZES.includes( perPage ) ? perPage : 20,
		search: ( params.get( 's' ) ?? '' ).slice( 0, 200 ),
		filters,
		sort:
			orderby && SORTABLE.includes( orderby )
				? {
						field: orderby,
						direction:
							params.get( 'order' ) === 'asc' ? 'asc' : 'desc',
					}
				: DEFAULT_VIEW.sort,
		fields: ALL_FIELDS.filter( ( field ) => ! hidden.includes( field ) ),
	} as View;
}

/** The Sessions table's view in the URL (useUrlParams). */
export const VIEW_PARAMS: UrlParams< View > = {
	names: [
		'paged',
		'per_page',
		's',
		'status',
		'status_not',
		'source',
		'has_items',
		'has_email',
		'expires_within',
		'product',
		'orderby',
		'order',
		'hide',
	],
	read: viewFromParams,
	write: viewToParams,
};

/** A preset view: the URL parameters that make it (as viewToParams writes them). */
export interface Preset {
	id: 'live' | 'worth' | 'expired' | 'all';
	params: Record< string, string >;
}

/**
 * The preset views, in the order the tab lists them. "Worth chasing" is the carts a store manager can still win
 * back and reach: live, with items, with an email, highest value first.
 */
export const PRESETS: readonly Preset[] = [
	{ id: 'live', params: {} },
	{
		id: 'worth',
		params: {
			has_items: 'yes',
			has_email: 'yes',
			orderby: 'total',
			order: 'desc',
		},
	},
	{ id: 'expired', params: { status: 'expired' } },
	{ id: 'all', params: { status: 'all' } },
];

/** The parameters that choose which carts and in what order (not the page, page size or columns). */
const PRESET_NAMES = VIEW_PARAMS.names.filter(
	( name ) => ! [ 'paged', 'per_page', 'hide' ].includes( name )
);

/**
 * The preset a view is, if any (its filters and order are exactly the preset's).
 * @param view
 */
export function presetOf( view: View ): Preset[ 'id' ] | null {
	const params = viewToParams( view );
	const chosen = Object.fromEntries(
		PRESET_NAMES.filter( ( name ) => name in params ).map( ( name ) => [
			name,
			params[ name ],
		] )
	);
	const found = PRESETS.find(
		( preset ) =>
			JSON.stringify( Object.entries( preset.params ).sort() ) ===
			JSON.stringify( Object.entries( chosen ).sort() )
	);
	return found?.id ?? null;
}

/**
 * A preset as a view, keeping the current page size and columns.
 * @param id
 * @param current
 */
export function presetView( id: Preset[ 'id' ], current: View ): View {
	const preset = PRESETS.find( ( one ) => one.id === id ) ?? PRESETS[ 0 ];
	return {
		...viewFromParams( new URLSearchParams( preset.params ) ),
		perPage: current.perPage,
		fields: current.fields,
		type: current.type,
	} as View;
}

/** A cart key as the routes accept it (SessionsController::KEY_PATTERN). */
const CART_KEY = /^[A-Za-z0-9_]{1,42}$/;

/** The cart open in the detail panel, in the URL (cart=…): Back closes the panel, a reload reopens it. */
export const CART_PARAM: UrlParams< string | null > = {
	names: [ 'cart' ],
	read: ( params ) => {
		const key = params.get( 'cart' );
		return key && CART_KEY.test( key ) ? key : null;
	},
	write: ( key ): Record< string, string > => ( key ? { cart: key } : {} ),
};
