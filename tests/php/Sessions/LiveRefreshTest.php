<?php
/**
 * The screens' periodic refresh (live=1 on GET sessions and GET stats): the list afresh from the store, so a cart
 * added a moment ago shows up, but never asked again of a store remembered as too big for its own list — each such
 * request is a fatal error on the store, and a screen left open would cause one a minute. A person's refresh still
 * asks at once.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CoCartDouble\Control;

final class LiveRefreshTest extends SessionsTestCase {

	public function test_a_live_refresh_lists_a_cart_added_since_the_cached_list(): void {
		$this->connect();
		$keys = function ( array $args ): array {
			return array_column( $this->ok( 'GET', 'sessions', $args )['items'], 'key' );
		};
		$this->put_cart( 't_first', $this->session( array( array( 16, 1 ) ) ) );
		$this->assertContains( 't_first', $keys( array() ) );
		$this->assertSame( 1, $this->ok( 'GET', 'stats' )['carts'] );
		$this->put_cart( 't_added', $this->session( array( array( 17, 1 ) ) ) );
		$this->assertNotContains( 't_added', $keys( array() ), 'the cached list, still fresh' );
		$this->assertSame( 1, $this->ok( 'GET', 'stats' )['carts'], 'the cached list, still fresh' );

		$this->assertContains( 't_added', $keys( array( 'live' => true ) ) );
		$this->put_cart( 't_third', $this->session( array( array( 18, 1 ) ) ) );
		$this->assertSame( 3, $this->ok( 'GET', 'stats', array( 'live' => true ) )['carts'] );
	}

	public function test_a_live_refresh_never_asks_a_store_remembered_as_too_big_but_a_persons_refresh_does(): void {
		$this->connect();
		for ( $i = 0; $i < 12; $i++ ) {
			$this->put_cart( 'cart_' . $i, $this->session(), time(), time() + DAY_IN_SECONDS );
		}
		Control::set_faults( array( 'list_oom_above' => 10 ) );
		$this->assertSame( 'cart_sessions_store_too_big', $this->call( 'GET', 'sessions' )->get_data()['code'] );
		$this->upstream = array();

		for ( $minute = 0; $minute < 3; $minute++ ) {
			$this->assertSame(
				'cart_sessions_store_too_big',
				$this->call( 'GET', 'sessions', array( 'live' => true ) )->get_data()['code']
			);
			$this->assertFalse( $this->ok( 'GET', 'stats', array( 'live' => true ) )['available'] );
		}
		$this->assertSame( 0, $this->counts()['list'], 'no list request: no fatal on the store' );

		$this->call( 'GET', 'sessions', array( 'refresh' => true ) );
		$this->ok( 'GET', 'stats', array( 'refresh' => true ) );
		$this->assertSame( 2, $this->counts()['list'], 'a person’s refresh asks at once' );
	}
}
