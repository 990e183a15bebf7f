import {
	isEmptyFilter,
	takePreloadedList,
	type SessionsQuery,
} from './sessions';

const DEFAULT_QUERY: SessionsQuery = {
	status: [ 'active', 'expiring' ],
	page: 1,
	per_page: 20,
	orderby: 'expires',
	order: 'desc',
	details: 'cached',
};

describe( 'takePreloadedList', () => {
	afterEach( () => {
		delete window.cartSessionsConfig;
	} );

	const printed = ( path: string ) => {
		window.cartSessionsConfig = {
			firstPage: { path, body: { items: [ { key: 'k1' } ] } },
		};
	};

	it( 'takes the answer the page printed for the same request, whatever its parameters order, once', () => {
		// As PHP's http_build_query() writes Page::FIRST_PAGE.
		printed(
			'/cart-sessions/v1/sessions?page=1&per_page=20&status=active%2Cexpiring&orderby=expires&order=desc&details=cached'
		);
		expect( takePreloadedList( DEFAULT_QUERY ) ).toEqual( {
			items: [ { key: 'k1' } ],
		} );
		// A later mount (back to the tab) asks the route: the printed answer may be old by then.
		expect( takePreloadedList( DEFAULT_QUERY ) ).toBeNull();
	} );

	it( 'takes nothing for another request', () => {
		printed(
			'/cart-sessions/v1/sessions?page=1&per_page=20&status=active%2Cexpiring&orderby=expires&order=desc&details=cached'
		);
		expect( takePreloadedList( { ...DEFAULT_QUERY, page: 2 } ) ).toBeNull();
	} );

	it( 'takes nothing when the page printed nothing', () => {
		expect( takePreloadedList( DEFAULT_QUERY ) ).toBeNull();
		window.cartSessionsConfig = { firstPage: null };
		expect( takePreloadedList( DEFAULT_QUERY ) ).toBeNull();
	} );
} );

describe( 'isEmptyFilter', () => {
	it( 'treats no condition and a blank search as "every cart"', () => {
		expect( isEmptyFilter( {} ) ).toBe( true );
		expect( isEmptyFilter( { search: '   ' } ) ).toBe( true );
		expect( isEmptyFilter( { status: [] } ) ).toBe( true );
	} );

	it( 'treats any condition as narrowing', () => {
		expect( isEmptyFilter( { search: 'alice' } ) ).toBe( false );
		expect( isEmptyFilter( { status: [ 'expired' ] } ) ).toBe( false );
		expect( isEmptyFilter( { has_email: 'yes' } ) ).toBe( false );
		expect( isEmptyFilter( { expires_within: '7' } ) ).toBe( false );
		expect( isEmptyFilter( { product: 12 } ) ).toBe( false );
		expect( isEmptyFilter( { source: 'cocart' } ) ).toBe( false );
		expect( isEmptyFilter( { has_items: 'no' } ) ).toBe( false );
	} );
} );
