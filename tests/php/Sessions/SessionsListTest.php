<?php
/**
 * GET cart-sessions/v1/sessions and sessions/<key> against the store double over real HTTP.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CoCartDouble\Control;

final class SessionsListTest extends SessionsTestCase {

	public function test_first_page_shape_headers_and_details(): void {
		$this->connect();
		$now = time();
		$this->put_cart(
			't_' . str_repeat( 'a', 30 ),
			$this->session(
				array( array( 16, 2 ) ),
				array( 'first_name' => 'Jane', 'last_name' => 'Doe', 'email' => 'jane@example.com' )
			),
			$now - 60,
			$now + DAY_IN_SECONDS
		);
		$this->put_cart( 'k_empty', $this->session(), $now - 120, $now + HOUR_IN_SECONDS, 'woocommerce' );
		$this->put_cart( 'k_old', $this->session( array( array( 16, 1 ) ) ), 0, $now - HOUR_IN_SECONDS, '' );

		$response = $this->call( 'GET', 'sessions' );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$body = $response->get_data();
		$this->assertSame( '3', $response->get_headers()['X-WP-Total'] );
		$this->assertSame( '1', $response->get_headers()['X-WP-TotalPages'] );
		$this->assertSame(
			array(
				'items',
				'total',
				'total_pages',
				'page',
				'per_page',
				'stale',
				'fetched_at',
				'can_delete',
				'can_delete_reason',
				'currency',
				'details_pending',
				'matching_value',
			),
			array_keys( $body )
		);
		$this->assertSame( 3, $body['total'] );
		$this->assertFalse( $body['stale'] );
		$this->assertTrue( $body['can_delete'] );
		$this->assertSame( 'GBP', $body['currency'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $body['fetched_at'] );
		$this->assertSame(
			array( 't_' . str_repeat( 'a', 30 ), 'k_empty', 'k_old' ),
			array_column( $body['items'], 'key' ),
			'expires, newest first'
		);
		$jane = $body['items'][0];
		$this->assertSame(
			array(
				'key',
				'customer',
				'created',
				'expires',
				'source',
				'status',
				'item_count',
				'total',
				'currency',
				'is_key_owner',
				'detail_error',
				'restore_link',
				'restore_note',
			),
			array_keys( $jane )
		);
		$this->assertSame( array( 'name' => 'Jane Doe', 'email' => 'jane@example.com' ), $jane['customer'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $now + DAY_IN_SECONDS ), $jane['expires'] );
		$this->assertSame( 'active', $jane['status'] );
		$this->assertNull( $jane["detail_error"], (string) $jane["detail_error"] . wp_json_encode( $this->upstream ) );
		$this->assertSame( 2, $jane["item_count"] );
		$this->assertSame( $this->table()[ $jane['key'] ]['total'], $jane['total'] );
		$this->assertSame( 'GBP', $jane['currency'] );
		$this->assertFalse( $jane['is_key_owner'] );
		$this->assertNull( $jane['detail_error'] );
		$this->assertSame( 'expiring', $body['items'][1]['status'] );
		$this->assertSame( 0, $body['items'][1]['item_count'] );
		$this->assertSame( 'expired', $body['items'][2]['status'] );
		$this->assertNull( $body['items'][2]['created'], '01/01/1970 means unknown' );
		$this->assertSame( '', $body['items'][2]['source'] );
	}

	/**
	 * Rows of the table minus the key owner's own and any cart within 5 s of a status boundary (the test and the
	 * route read the clock a moment apart), each with the status it has now.
	 *
	 * @return array<string,array<string,mixed>>
	 */
	private function expected_rows( ?string $owner ): array {
		$now = time();
		$out = array();
		foreach ( $this->table() as $key => $row ) {
			if (
				(string) $key === $owner
				|| abs( $row['expiry'] - $now ) < 5
				|| abs( $row['expiry'] - $now - 6 * HOUR_IN_SECONDS ) < 5
			) {
				continue;
			}
			$row['status'] = $row['expiry'] <= $now ? 'expired' : (
				$row['expiry'] - $now <= 6 * HOUR_IN_SECONDS ? 'expiring' : 'active'
			);
			$out[ (string) $key ] = $row;
		}
		return $out;
	}

	/**
	 * Our rows for these arguments, restricted to the keys expected_rows() compares.
	 *
	 * @param array<string,mixed>              $args
	 * @param array<string,array<string,mixed>> $expected
	 * @return string[]
	 */
	private function our_keys( array $args, array $expected ): array {
		$keys = array();
		foreach ( $this->all_rows( $args ) as $row ) {
			if ( isset( $expected[ $row['key'] ] ) ) {
				$keys[] = $row['key'];
			}
		}
		return $keys;
	}

	public function test_every_filter_and_sort_gives_the_rows_of_a_direct_query_of_the_table(): void {
		$this->connect();
		Control::seed( 240, 11 );
		// Fetches every detail once.
		$first = $this->ok( 'GET', 'sessions', array( 'has_items' => 'yes', 'per_page' => 100 ) );
		$owner = (string) $this->key['user_id'];
		$exp   = $this->expected_rows( $owner );
		$this->assertGreaterThan( 200, count( $exp ) );

		// Once every detail is known, the value "delete all matching" names is the sum of the seeded totals.
		for ( $tries = 0; $tries < 10; $tries++ ) {
			if (
				'0' === (string) $this->call(
					'GET',
					'sessions',
					array( 'has_items' => 'yes' )
				)->get_headers()['X-Cart-Sessions-Details-Pending']
			) {
				break;
			}
		}
		$expired = array_filter( $exp, static function ( array $r ): bool { return 'expired' === $r['status']; } );
		$this->assertNull(
			$this->ok( 'GET', 'sessions', array( 'status' => 'expired' ) )['matching_value'],
			'only when asked'
		);
		$value   = $this->ok( 'GET', 'sessions', array( 'status' => 'expired', 'value' => true ) )['matching_value'];
		$this->assertSame( count( $expired ), $value['carts'] );
		$this->assertSame(
			number_format( array_sum( array_map( 'floatval', array_column( $expired, 'total' ) ) ), 2, '.', '' ),
			$value['total']
		);

		// Filters, compared as sets.
		$sets = array(
			array(
				array( 'status' => 'active' ),
				static function ( array $r ): bool { return 'active' === $r['status']; },
			),
			array(
				array( 'status' => 'expiring' ),
				static function ( array $r ): bool { return 'expiring' === $r['status']; },
			),
			array(
				array( 'status' => 'expired' ),
				static function ( array $r ): bool { return 'expired' === $r['status']; },
			),
			array(
				array( 'source' => 'cocart' ),
				static function ( array $r ): bool { return 'cocart' === $r['source']; },
			),
			array(
				array( 'source' => 'woocommerce' ),
				static function ( array $r ): bool { return 'woocommerce' === $r['source']; },
			),
			array(
				array( 'source' => 'other' ),
				static function ( array $r ): bool {
					return ! in_array( $r['source'], array( 'cocart', 'woocommerce' ), true );
				},
			),
			array( array( 'has_items' => 'yes' ), static function ( array $r ): bool { return $r['item_count'] > 0; } ),
			// phpcs:ignore
			array( array( 'has_items' => 'no' ), static function ( array $r ): bool { return 0 == $r['item_count']; } ),
			array(
				array( 'status' => 'expired', 'source' => 'woocommerce', 'has_items' => 'yes' ),
				static function ( array $r ): bool {
					return 'expired' === $r['status'] && 'woocommerce' === $r['source'] && $r['item_count'] > 0;
				},
			),
		);
		foreach ( $sets as list( $args, $match ) ) {
			$want = array_map( 'strval', array_keys( array_filter( $exp, $match ) ) );
			$got  = $this->our_keys( $args, $exp );
			sort( $want );
			sort( $got );
			$this->assertSame( $want, $got, 'filter ' . wp_json_encode( $args ) );
		}

		// Search: a seeded email, in another case; a name fragment; a key fragment.
		$emails = array_values(
			array_filter(
				array_column( $exp, 'email' ),
				static function ( string $e ): bool { return 0 === strpos( $e, 'customer' ); }
			)
		);
		$this->assertNotEmpty( $emails );
		$needles = array(
			strtoupper( $emails[0] ),
			'müller',
			substr( (string) array_key_first( $exp ), 2, 6 ),
			'<script>',
		);
		foreach ( $needles as $needle ) {
			$lower = mb_strtolower( $needle );
			$want  = array_map( 'strval', array_keys(
				array_filter(
					$exp,
					static function ( array $r ) use ( $lower ): bool {
						return false !== strpos( mb_strtolower( $r['key'] ), $lower ) || false !== strpos(
							mb_strtolower( $r['name'] ),
							$lower
						) || false !== strpos(
							mb_strtolower( $r['email'] ),
							$lower
						);
					}
				)
			) );
			$got = $this->our_keys( array( 'search' => $needle ), $exp );
			sort( $want );
			sort( $got );
			$this->assertNotEmpty( $want, $needle );
			$this->assertSame( $want, $got, "search $needle" );
		}

		// Sorts, compared in order (ties broken by key, as ORDER BY col, cart_key).
		$rank  = array( 'active' => 0, 'expiring' => 1, 'expired' => 2 );
		$value = array(
			'key'        => static function ( array $r ) { return $r['key']; },
			'created'    => static function ( array $r ) { return $r['created']; },
			'expires'    => static function ( array $r ) { return $r['expiry']; },
			'source'     => static function ( array $r ) { return $r['source']; },
			'status'     => static function ( array $r ) use ( $rank ) { return $rank[ $r['status'] ]; },
			'item_count' => static function ( array $r ) { return (float) $r['item_count']; },
			'total'      => static function ( array $r ) { return (float) $r['total']; },
			'customer'   => static function (
				array $r
			) { return '' === $r['name'] && '' === $r['email'] ? null : mb_strtolower(
				$r['name']
			) . "\0" . mb_strtolower(
				$r['email']
			); },
		);
		foreach ( $value as $orderby => $of ) {
			foreach ( array( 'asc', 'desc' ) as $order ) {
				$want = array_values( $exp );
				usort(
					$want,
					static function ( array $a, array $b ) use ( $of, $order ): int {
						$va  = $of( $a );
						$vb  = $of( $b );
						$cmp = (
							null === $va
							|| null === $vb
						) ? ( null === $va ? 0 : 1 ) - ( null === $vb ? 0 : 1 ) : (
							is_string( $va ) ? strcmp( $va, $vb ) <=> 0 : $va <=> $vb
						);
						$cmp = 'desc' === $order ? -$cmp : $cmp;
						return 0 !== $cmp ? $cmp : strcmp( $a['key'], $b['key'] );
					}
				);
				$this->assertSame(
					array_column( $want, 'key' ),
					$this->our_keys( array( 'orderby' => $orderby, 'order' => $order ), $exp ),
					"orderby $orderby $order"
				);
			}
		}

		// Every row's count and total equal the seeded ones.
		foreach ( $this->all_rows( array() ) as $row ) {
			if ( isset( $exp[ $row['key'] ] ) ) {
				$this->assertSame( $exp[ $row['key'] ]['item_count'], $row['item_count'], $row['key'] );
				$this->assertSame( $exp[ $row['key'] ]['total'], $row['total'], $row['key'] );
				$this->assertSame( $exp[ $row['key'] ]['email'], (string) $row['customer']['email'], $row['key'] );
			}
		}
		$this->assertLessThanOrEqual(
			2 + 250,
			count( $this->upstream ),
			'each cart detail fetched once: ' . wp_json_encode( $this->counts() )
		);
		$this->assertNotEmpty( $first['items'] );
	}

	public function test_page_beyond_the_end_is_an_empty_page_with_the_real_total(): void {
		$this->connect();
		Control::seed( 30, 3 );
		$response = $this->call( 'GET', 'sessions', array( 'page' => 1000000000, 'per_page' => 100 ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array(), $response->get_data()['items'] );
		$this->assertSame( 30, $response->get_data()['total'] );
		$this->assertSame( 1, $response->get_data()['total_pages'] );
		$this->assertSame( 0, $this->counts()['single'], 'no details for an empty page' );
	}

	public function test_an_empty_store_is_an_empty_list(): void {
		$this->connect();
		$body = $this->ok( 'GET', 'sessions' );
		$this->assertSame( array(), $body['items'] );
		$this->assertSame( 0, $body['total'] );
		$this->assertSame( 0, $body['total_pages'] );
	}

	public function test_unchanged_carts_are_never_fetched_twice_and_paging_uses_the_cached_list(): void {
		$this->connect();
		Control::seed( 60, 5 );
		$args = array( 'orderby' => 'key', 'order' => 'asc', 'per_page' => 20 );
		$p1   = $this->ok( 'GET', 'sessions', $args );
		$this->assertSame( 1, $this->counts()['list'] );
		$this->assertSame( 20, $this->counts()['single'], 'one detail per row shown' );

		$this->upstream = array();
		$this->assertSame( $p1['items'], $this->ok( 'GET', 'sessions', $args )['items'] );
		$this->assertSame( array(), $this->upstream, 'the same page again: no request at all' );

		$this->upstream = array();
		$this->ok( 'GET', 'sessions', array( 'page' => 2 ) + $args );
		$this->assertSame(
			array( 'list' => 0, 'single' => 20, 'delete' => 0, 'status' => 0, 'other' => 0 ),
			$this->counts(),
			'page 2: only its details'
		);

		// A cart is written (CoCart re-stamps its expiry): only that one is fetched again after a refresh.
		global $wpdb;
		$changed = $p1['items'][3]['key'];
		$wpdb->query(
			$wpdb->prepare(
				'UPDATE '
					. \CoCartDouble\Schema::carts_table()
					. ' SET cart_expiry = cart_expiry + 60 WHERE cart_key = %s',
				$changed
			)
		);
		$this->upstream = array();
		$again          = $this->ok( 'GET', 'sessions', array( 'refresh' => true ) + $args );
		$this->assertSame( 1, $this->counts()['list'] );
		// Only the re-stamped carts: the one written, and the key owner's own when it is on the page (each of our
		// requests re-stamps it).
		$fetched = array();
		foreach ( $this->upstream as $r ) {
			if ( preg_match( '#/cocart/v2/session/([^/?]+)#', $r['url'], $m ) ) {
				$fetched[] = $m[1];
			}
		}
		$owner    = (string) $this->key['user_id'];
		$expected = in_array(
			$owner,
			array_column( $again['items'], 'key' ),
			true
		) ? array( $changed, $owner ) : array( $changed );
		sort( $fetched );
		sort( $expected );
		$this->assertSame( $expected, $fetched );
		$before = array_column( $p1['items'], 'total', 'key' );
		foreach ( $again['items'] as $row ) {
			if ( isset( $before[ $row['key'] ] ) ) {
				$this->assertSame( $before[ $row['key'] ], $row['total'] );
			}
		}
	}

	public function test_detail_merges_the_row_with_the_store_detail_and_totals_equal_the_seeded_ones(): void {
		$this->connect();
		$now = time();
		$this->put_cart(
			't_' . str_repeat( 'b', 30 ),
			$this->session(
				array( array( 16, 2 ), array( 17, 3 ) ),
				array( 'first_name' => '<b>Bob</b>', 'email' => 'bob@example.com' )
			),
			$now - 600,
			$now + 3 * HOUR_IN_SECONDS
		);
		$this->put_cart( 'k_gone', $this->session(), $now - 900, $now - 60, 'woocommerce' );
		$table = $this->table();

		$cart = $this->ok( 'GET', 'sessions/t_' . str_repeat( 'b', 30 ) );
		$this->assertSame(
			array( 'name' => '<b>Bob</b>', 'email' => 'bob@example.com' ),
			$cart['customer'],
			'from the list, not the API caller (≤ 4.8.0)'
		);
		$this->assertSame( 'expiring', $cart['status'] );
		$this->assertSame( 5, $cart['item_count'] );
		$this->assertSame( $table[ $cart['key'] ]['total'], $cart['total'] );
		$this->assertSame( $table[ $cart['key'] ]['total'], $cart['totals']['total'] );
		$this->assertSame(
			array( 'subtotal', 'discount_total', 'shipping_total', 'fee_total', 'total_tax', 'total' ),
			array_keys( $cart['totals'] )
		);
		$this->assertCount( 2, $cart['items'] );
		$this->assertSame(
			array( 'key', 'product_id', 'name', 'sku', 'quantity', 'price', 'line_total', 'line_subtotal', 'image' ),
			array_keys( $cart['items'][0] )
		);
		$sum = 0.0;
		foreach ( $cart['items'] as $item ) {
			$sum += (float) $item['line_total'];
			$this->assertMatchesRegularExpression( '/^\d+\.\d\d$/', $item['price'] );
			$this->assertStringStartsWith( 'http', (string) $item['image'] );
		}
		$this->assertEqualsWithDelta( (float) $cart['totals']['subtotal'], $sum, 0.001 );
		$this->assertSame( '4.3.6', $cart['cocart_version'] );
		$checks = array_column( $cart['checks'], 'status', 'id' );
		$this->assertSame( array( 'empty' => 'pass', 'expired' => 'warn', 'customer_data' => 'warn' ), $checks );
		$this->assertFalse( $cart['is_key_owner'] );
		$this->assertNull( $cart['detail_error'] );

		$gone = $this->ok( 'GET', 'sessions/k_gone' );
		$this->assertSame(
			array( 'empty' => 'warn', 'expired' => 'fail', 'customer_data' => 'warn' ),
			array_column( $gone['checks'], 'status', 'id' )
		);
		$this->assertSame( 0, $gone['item_count'] );

		$missing = $this->call( 'GET', 'sessions/t_nope' );
		$this->assertSame( 404, $missing->get_status() );
		$this->assertSame( 'cart_sessions_not_found', $missing->get_data()['code'] );
	}

	public function test_cocart_470_detail_failures_leave_the_count_empty_with_a_reason_and_are_not_refetched_at_once(
	): void {
		Control::set_mode( '4.7.0' );
		$this->connect();
		$now = time();
		$this->put_cart( 'with_items', $this->session( array( array( 16, 1 ) ) ), $now, $now + DAY_IN_SECONDS );
		$this->put_cart( 'empty_one', $this->session(), $now, $now + 2 * DAY_IN_SECONDS );
		$body = $this->ok( 'GET', 'sessions', array( 'orderby' => 'key', 'order' => 'desc' ) );
		$rows = array_column( $body['items'], null, 'key' );
		$this->assertNull( $rows['with_items']['item_count'] );
		$this->assertNull( $rows['with_items']['total'] );
		$this->assertStringContainsString( 'fatal', (string) $rows['with_items']['detail_error'] );
		$this->assertSame( 0, $rows['empty_one']['item_count'] );
		$this->assertNull( $rows['empty_one']['detail_error'] );
		$this->upstream = array();
		$again          = $this->ok( 'GET', 'sessions', array( 'orderby' => 'key', 'order' => 'desc' ) );
		$this->assertSame( 0, $this->counts()['single'], 'the store’s own failure is remembered for a while' );
		$this->assertSame(
			$rows['with_items']['detail_error'],
			array_column( $again['items'], null, 'key' )['with_items']['detail_error']
		);
	}

	public function test_stale_list_served_when_the_store_fails_after_a_success(): void {
		$this->connect();
		Control::seed( 12, 2 );
		$fresh = $this->ok( 'GET', 'sessions', array( 'orderby' => 'key' ) );
		$this->assertFalse( $fresh['stale'] );
		Control::set_faults( array( 'fault' => 'html', 'routes' => array( 'list' ) ) );
		$stale = $this->ok( 'GET', 'sessions', array( 'orderby' => 'key', 'refresh' => true ) );
		$this->assertTrue( $stale['stale'] );
		$this->assertSame( $fresh['fetched_at'], $stale['fetched_at'] );
		$this->assertSame( array_column( $fresh['items'], 'key' ), array_column( $stale['items'], 'key' ) );

		// Without a previous success: the error, with the advice.
		$this->forget_lists();
		$error = $this->call( 'GET', 'sessions' );
		$this->assertSame( 502, $error->get_status() );
		$this->assertSame( 'cart_sessions_not_json', $error->get_data()['code'] );
		$this->assertNotEmpty( $error->get_data()['data']['fix'] );
	}

	private function forget_lists(): void {
		global $wpdb;
		$wpdb->query(
			"DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%cart\\_sessions\\_list\\_%'"
		);
		wp_cache_flush();
	}

	public function test_store_too_big_for_its_own_list_gives_the_counts_and_the_way_out(): void {
		$this->connect();
		$now = time();
		for ( $i = 0; $i < 8; $i++ ) {
			$this->put_cart(
				'old_' . $i,
				$this->session(),
				$now - 9 * DAY_IN_SECONDS,
				$now - DAY_IN_SECONDS,
				'woocommerce'
			);
		}
		for ( $i = 0; $i < 4; $i++ ) {
			$this->put_cart( 'new_' . $i, $this->session(), $now, $now + DAY_IN_SECONDS );
		}
		Control::set_faults( array( 'list_oom_above' => 10 ) );
		$response = $this->call( 'GET', 'sessions' );
		$this->assertSame( 502, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$error = $response->get_data();
		$this->assertSame( 'cart_sessions_store_too_big', $error['code'] );
		$held = count( $this->table() ); // 12, and the key owner's own cart that our requests made CoCart save.
		$this->assertSame( $held, $error['data']['counts']['carts_in_session'] );
		$this->assertSame( $held - 8, $error['data']['counts']['count_carts_active'] );
		$this->assertSame(
			array(
				'carts_in_session',
				'count_carts_active',
				'count_carts_expiring',
				'carts_source_headless',
				'carts_source_web',
				'carts_source_other',
			),
			array_keys( $error['data']['counts'] )
		);
		$this->assertStringContainsString( 'Clear expired carts', $error['data']['fix'] );
		$this->assertStringContainsString( 'memory', $error['data']['fix'] );
		$this->assertStringContainsString( (string) $held, $error['message'] );

		// The way out: our route runs CoCart's bulk "Clear expired carts" tool (one request); then the table appears.
		$this->upstream = array();
		$cleared        = $this->ok( 'POST', 'sessions/clear-expired' );
		$this->assertSame( 8, $cleared['cleared'] );
		$this->assertSame( $held, $cleared['before'] );
		$this->assertSame( $held - 8, $cleared['after'] );
		$this->assertStringContainsString( (string) ( $held - 8 ), $cleared['message'] );
		$this->assertSame( 0, $this->counts()['delete'], 'no cart-by-cart deletes' );
		$this->assertSame( $held - 8, count( $this->table() ) );
		$body = $this->ok( 'GET', 'sessions' ); // No refresh needed: clearing forgot the cached list.
		$this->assertSame( 1, $this->counts()['list'] );
		$keys = array_column( $body['items'], 'key' );
		foreach ( array( 'new_0', 'new_1', 'new_2', 'new_3' ) as $key ) {
			$this->assertContains( $key, $keys );
		}
		$this->assertNotContains( 'old_0', $keys );
	}

	public function test_the_key_owners_own_cart_is_flagged(): void {
		$this->connect();
		$this->put_cart( 'customer_1', $this->session(), time(), time() + DAY_IN_SECONDS );
		$this->ok( 'GET', 'sessions' ); // Our requests make CoCart save the key owner's session.
		$body  = $this->ok( 'GET', 'sessions', array( 'refresh' => true ) );
		$owner = array_values(
			array_filter( $body['items'], static function ( array $r ): bool { return $r['is_key_owner']; } )
		);
		$this->assertCount( 1, $owner, wp_json_encode( $body['items'] ) );
		$this->assertSame( (string) $this->key['user_id'], $owner[0]['key'] );
		$this->assertSame( 'cocart', $owner[0]['source'] );
	}

	public function test_the_key_owner_of_a_remote_store_is_recognised_by_our_own_request_times(): void {
		$this->connect( 'read_write', self::HTTPS ); // Another address than this site: no local key lookup.
		// A logged-in customer.
		$this->put_cart( '4242', $this->session(), time() - 3 * DAY_IN_SECONDS, time() + 4 * DAY_IN_SECONDS );
		$this->put_cart( 'guest_1', $this->session(), time(), time() + DAY_IN_SECONDS );
		$this->ok( 'GET', 'sessions' );
		$body  = $this->ok( 'GET', 'sessions', array( 'refresh' => true ) );
		$flags = array_column( $body['items'], 'is_key_owner', 'key' );
		$this->assertTrue( $flags[ (string) $this->key['user_id'] ] ?? null, wp_json_encode( $body['items'] ) );
		$this->assertFalse( $flags['4242'] );
		$this->assertFalse( $flags['guest_1'] );
		$this->assertSame(
			(string) $this->key['user_id'],
			get_option( \CartSessions\Sessions\KeyOwner::OPTION )['user_id']
		);
	}

	public function test_documented_store_pages_are_used_and_carry_counts_without_details(): void {
		Control::set_mode( 'documented' );
		$this->connect();
		Control::seed( 230, 4 );
		$body = $this->ok( 'GET', 'sessions', array( 'orderby' => 'total', 'order' => 'desc', 'per_page' => 10 ) );
		$this->assertSame( 3, $this->counts()['list'], '230 carts, 100 a page' );
		$this->assertSame( 0, $this->counts()['single'] );
		$table = $this->table();
		foreach ( $body['items'] as $row ) {
			if ( isset( $table[ $row['key'] ] ) ) {
				$this->assertSame( $table[ $row['key'] ]['total'], $row['total'] );
				$this->assertSame( $table[ $row['key'] ]['item_count'], $row['item_count'] );
			}
		}
		$this->assertGreaterThanOrEqual( 230, $body['total'] );
		$detail = $this->ok( 'GET', 'sessions/' . $body['items'][0]['key'] );
		$this->assertSame( $body['items'][0]['total'], $detail['total'] );
	}
}
