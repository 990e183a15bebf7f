import type { View } from '@wordpress/dataviews/wp';
import {
	DEFAULT_VIEW,
	presetOf,
	presetView,
	showsOnlyExpired,
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
		{ field: 'status', operator: 'isAny', value: [ 'expired' ] },
		{ field: 'source', operator: 'is', value: 'cocart' },
		{ field: 'has_items', operator: 'is', value: 'no' },
		{ field: 'has_email', operator: 'is', value: 'yes' },
		{ field: 'expires_within', operator: 'is', value: '7' },
	],
	sort: { field: 'total', direction: 'asc' },
	fields: [ 'total', 'status' ],
} as View;

describe( 'the Sessions view', () => {
	it( 'becomes the REST query the sessions route takes', () => {
		expect( viewToQuery( busyView ) ).toEqual( {
			page: 3,
			per_page: 50,
			search: 'jane@example.com',
			status: [ 'expired' ],
			source: 'cocart',
			has_items: 'no',
			has_email: 'yes',
			expires_within: '7',
			orderby: 'total',
			order: 'asc',
		} );
	} );

	it( 'opens on the live carts: active and expiring', () => {
		expect( viewToQuery( DEFAULT_VIEW ) ).toEqual( {
			status: [ 'active', 'expiring' ],
			page: 1,
			per_page: 20,
			orderby: 'expires',
			order: 'desc',
		} );
	} );

	it( 'sends "is none of" as the statuses it lets through', () => {
		const view = {
			...DEFAULT_VIEW,
			filters: [
				{ field: 'status', operator: 'isNone', value: [ 'expired' ] },
			],
		} as View;
		expect( viewToFilter( view ).status ).toEqual( [
			'active',
			'expiring',
		] );
		const back = viewFromParams(
			new URLSearchParams( viewToParams( view ) )
		);
		expect( back.filters ).toEqual( view.filters );
	} );

	it( 'survives a round trip through the URL, hidden columns included', () => {
		const params = new URLSearchParams( viewToParams( busyView ) );
		expect( params.get( 'hide' ) ).toBe(
			'item_count,expires,source,created'
		);
		const back = viewFromParams( params );
		expect( viewToQuery( back ) ).toEqual( viewToQuery( busyView ) );
		expect( back.fields ).toEqual( busyView.fields );
	} );

	it( 'keeps the default view out of the URL, and says so when it shows every status', () => {
		expect( viewToParams( DEFAULT_VIEW ) ).toEqual( {} );
		const all = { ...DEFAULT_VIEW, filters: [] } as View;
		expect( viewToParams( all ) ).toEqual( { status: 'all' } );
		expect(
			viewToQuery( viewFromParams( new URLSearchParams( 'status=all' ) ) )
				.status
		).toBeUndefined();
	} );

	it( 'ignores URL values it does not know instead of sending them on', () => {
		const view = viewFromParams(
			new URLSearchParams(
				'paged=-4&per_page=1000000000&status=deleted&source=%3Cscript%3E&has_email=maybe&expires_within=3&product=-1&orderby=cart_value;DROP&order=sideways&s=' +
					'x'.repeat( 10000 )
			)
		);
		const query = viewToQuery( view );
		expect( query.page ).toBe( 1 );
		expect( query.per_page ).toBe( 20 );
		expect( query.status ).toEqual( [ 'active', 'expiring' ] );
		expect( query.source ).toBeUndefined();
		expect( query.has_email ).toBeUndefined();
		expect( query.expires_within ).toBeUndefined();
		expect( query.product ).toBeUndefined();
		expect( query.orderby ).toBe( 'expires' );
		expect( query.order ).toBe( 'desc' );
		expect( query.search ).toHaveLength( 200 );
	} );

	it( 'gives "delete all matching" exactly the search and filters, nothing else', () => {
		expect( viewToFilter( busyView ) ).toEqual( {
			search: 'jane@example.com',
			status: [ 'expired' ],
			source: 'cocart',
			has_items: 'no',
			has_email: 'yes',
			expires_within: '7',
		} );
		expect( showsOnlyExpired( busyView ) ).toBe( true );
		expect( showsOnlyExpired( DEFAULT_VIEW ) ).toBe( false );
	} );

	it( 'knows its presets, and "Worth chasing" is live carts with items and an email, highest value first', () => {
		expect( presetOf( DEFAULT_VIEW ) ).toBe( 'live' );
		const worth = presetView( 'worth', DEFAULT_VIEW );
		expect( presetOf( worth ) ).toBe( 'worth' );
		expect( viewToQuery( worth ) ).toEqual( {
			status: [ 'active', 'expiring' ],
			has_items: 'yes',
			has_email: 'yes',
			page: 1,
			per_page: 20,
			orderby: 'total',
			order: 'desc',
		} );
		expect( presetOf( { ...worth, page: 4 } as View ) ).toBe( 'worth' );
		expect( presetOf( busyView ) ).toBeNull();
		expect( presetOf( presetView( 'all', DEFAULT_VIEW ) ) ).toBe( 'all' );
	} );

	it( 'reads a product from the URL (the Overview’s top products link to the carts holding one)', () => {
		const view = viewFromParams(
			new URLSearchParams( 'status=all&product=42' )
		);
		expect( viewToFilter( view ) ).toEqual( { product: 42 } );
		expect( viewToParams( view ) ).toEqual( {
			status: 'all',
			product: '42',
		} );
	} );
} );
