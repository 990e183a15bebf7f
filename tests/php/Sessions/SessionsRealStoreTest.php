<?php
/**
 * What a real CoCart 4.3.6 store did that the plugin has to answer honestly: rows with customer data but no
 * cart, and a store too big for its own list. Real HTTP to the store double, which reproduces both.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Sessions\Service;
use CoCartDouble\CartData;
use CoCartDouble\Control;

final class SessionsRealStoreTest extends SessionsTestCase {

	private const PHANTOM = 't_0123456789abcdef0123456789abcd';

	public function test_a_row_without_a_cart_shows_zero_items_and_its_detail_is_not_requested_again(): void {
		$this->connect();
		$this->put_cart( self::PHANTOM, array( 'customer' => CartData::customer( array() ) ), time(), time() + 7 * DAY_IN_SECONDS );
		$this->put_cart( 'with_items', $this->session( array( array( 16, 2 ) ) ), time(), time() + DAY_IN_SECONDS );
		$first = array_column( $this->ok( 'GET', 'sessions', array( 'details' => 'wait' ) )['items'], null, 'key' );
		$this->assertSame( 0, $first[ self::PHANTOM ]['item_count'] );
		$this->assertNull( $first[ self::PHANTOM ]['detail_error'] );
		$this->assertSame( 2, $first['with_items']['item_count'] );
		foreach ( array( 'cached', 'wait' ) as $details ) {
			$this->upstream = array();
			$again          = array_column( $this->ok( 'GET', 'sessions', array( 'details' => $details ) )['items'], null, 'key' );
			$this->assertSame( 0, $this->counts()['single'], "details=$details: no detail asked again" );
			$this->assertSame( 0, $again[ self::PHANTOM ]['item_count'] );
		}
		$detail = $this->ok( 'GET', 'sessions/' . self::PHANTOM );
		$this->assertSame( 0, $detail['item_count'] );
		$this->assertSame( array(), $detail['items'] );
	}
}
