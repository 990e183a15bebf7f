import type { View } from '@wordpress/dataviews/wp';
import {
	DEFAULT_VIEW,
	viewFromParams,
	viewToFilter,
	viewToParams,
	viewToQuery,
} from './view';

const busyView = {
	...DEFAULT_VIEW,
	page: 3,
	perPage: 50,
	search: 'jane@example.com',
	filters: [
		{ field: 'status', operator: 'is', value: 'expired' },
		{ field: 'source', operator: 'is', value: 'cocart' },
		{ field: 'has_items', operator: 'is', value: 'no' },
	],
	sort: { field: 'total', direction: 'asc' },
	fields: [ 'customer', 'total', 'status' ],
} as View;

describe( 'the Sessions view', () => {
	it( 'becomes the REST query the sessions route takes', () => {
		expect( viewToQuery( busyView ) ).toEqual( {
			page: 3,
			per_page: 50,
			search: 'jane@example.com',
			status: 'expired',
			source: 'cocart',
			has_items: 'no',
			orderby: 'total',
			order: 'asc',
		} );
		expect( viewToQuery( DEFAULT_VIEW ) ).toEqual( {
			page: 1,
			per_page: 20,
			orderby: 'expires',
			order: 'desc',
		} );
	} );

	it( 'survives a round trip through the URL, hidden columns included', () => {
		const params = new URLSearchParams( viewToParams( busyView ) );
		expect( params.get( 'hide' ) ).toBe(
			'item_count,created,expires,source'
		);
		const back = viewFromParams( params );
		expect( viewToQuery( back ) ).toEqual( viewToQuery( busyView ) );
		expect( back.fields ).toEqual( busyView.fields );
	} );

	it( 'keeps default views out of the URL', () => {
		expect( viewToParams( DEFAULT_VIEW ) ).toEqual( {} );
	} );

	it( 'ignores URL values it does not know instead of sending them on', () => {
		const view = viewFromParams(
			new URLSearchParams(
				'paged=-4&per_page=1000000000&status=deleted&source=%3Cscript%3E&orderby=cart_value;DROP&order=sideways&s=' +
					'x'.repeat( 10000 )
			)
		);
		const query = viewToQuery( view );
		expect( query.page ).toBe( 1 );
		expect( query.per_page ).toBe( 20 );
		expect( query.status ).toBeUndefined();
		expect( query.source ).toBeUndefined();
		expect( query.orderby ).toBe( 'expires' );
		expect( query.order ).toBe( 'desc' );
		expect( query.search ).toHaveLength( 200 );
	} );

	it( 'gives "delete all matching" exactly the search and filters, nothing else', () => {
		expect( viewToFilter( busyView ) ).toEqual( {
			search: 'jane@example.com',
			status: 'expired',
			source: 'cocart',
			has_items: 'no',
		} );
		expect( viewToFilter( DEFAULT_VIEW ) ).toEqual( {} );
	} );
} );
