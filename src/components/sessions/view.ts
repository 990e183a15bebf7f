/**
 * The Sessions table's view (DataViews' page, sort, search, filters, hidden columns) as REST query arguments and
 * as URL parameters, so that a link reproduces the view and Back restores the previous one.
 */
import type { View } from '@wordpress/dataviews/wp';
import type { UrlParams } from '../../hooks/useUrlParams';
import type {
	SessionFilter,
	SessionOrderBy,
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

export const ALL_FIELDS = [
	'customer',
	'item_count',
	'total',
	'created',
	'expires',
	'status',
	'source',
];

const FILTERS = {
	status: [ 'active', 'expiring', 'expired' ],
	source: [ 'cocart', 'woocommerce', 'other' ],
	has_items: [ 'yes', 'no' ],
} as const;
type FilterField = keyof typeof FILTERS;

export const DEFAULT_VIEW: View = {
	type: 'table',
	page: 1,
	perPage: 20,
	search: '',
	filters: [],
	sort: { field: 'expires', direction: 'desc' },
	titleField: 'key',
	fields: ALL_FIELDS,
};

function isFilterField( field: string ): field is FilterField {
	return Object.prototype.hasOwnProperty.call( FILTERS, field );
}

/**
 * The filter part of a view: what "delete all matching" deletes.
 */
export function viewToFilter( view: View ): SessionFilter {
	const filter: Record< string, string > = {};
	if ( view.search ) {
		filter.search = view.search;
	}
	for ( const { field, value } of view.filters ?? [] ) {
		if (
			isFilterField( field ) &&
			( FILTERS[ field ] as readonly string[] ).includes( value )
		) {
			filter[ field ] = value;
		}
	}
	return filter as SessionFilter;
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
 * URL parameters for a view; defaults are left out so links stay short.
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
	for ( const field of Object.keys( FILTERS ) as FilterField[] ) {
		if ( query[ field ] ) {
			params[ field ] = query[ field ] as string;
		}
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

/**
 * The view described by URL parameters; anything unknown or out of range falls back to the default.
 */
export function viewFromParams( params: URLSearchParams ): View {
	const page = Number( params.get( 'paged' ) );
	const perPage = Number( params.get( 'per_page' ) );
	const orderby = params.get( 'orderby' ) as SessionOrderBy | null;
	const hidden = ( params.get( 'hide' ) ?? '' ).split( ',' );
	const filters = ( Object.keys( FILTERS ) as FilterField[] ).flatMap(
		( field ) => {
			const value = params.get( field );
			return value &&
				( FILTERS[ field ] as readonly string[] ).includes( value )
				? [ { field, operator: 'is' as const, value } ]
				: [];
		}
	);
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
		'source',
		'has_items',
		'orderby',
		'order',
		'hide',
	],
	read: viewFromParams,
	write: viewToParams,
};
