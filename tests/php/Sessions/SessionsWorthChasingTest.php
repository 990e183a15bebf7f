<?php
/**
 * The filters a store manager needs to find carts worth chasing, against the store double over real HTTP: status
 * as a list (live = active + expiring), customer with or without an email, expires within N days, the carts
 * holding a product; each gives the rows of a direct query of the double's table, and the CSV export and "delete
 * all matching" take the same filter and act on the same carts. A live view in the stored order is answered from
 * the cached list's positions, and those equal the filter's.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Insights\CsvExport;
use CartSessions\Sessions\ListCache;
use CartSessions\Sessions\Normaliser;
use CartSessions\Sessions\Query;
use CoCartDouble\CartData;
use CoCartDouble\Control;
use CoCartDouble\Schema;

final class SessionsWorthChasingTest extends SessionsTestCase {

	/**
	 * The table's carts with their status now and the product IDs they hold (as the store's detail names them).
	 *
	 * @return array<string,array<string,mixed>>
	 */
	private function truth( int $now ): array {
		global $wpdb;
		$products = array();
		$stored   = (array) $wpdb->get_results( 'SELECT cart_key, cart_value FROM ' . Schema::carts_table(), ARRAY_A );
		foreach ( $stored as $row ) {
			$session = CartData::read( (string) $row['cart_value'] ) ?? array();
			$ids     = array();
			foreach ( (array) ( $session['cart'] ?? array() ) as $item ) {
				$ids[] = (int) ( $item['variation_id'] ?? 0 ) ?: (int) ( $item['product_id'] ?? 0 );
			}
			$products[ (string) $row['cart_key'] ] = $ids;
		}
		$out = array();
		foreach ( $this->table() as $key => $row ) {
			$left             = $row['expiry'] - $now;
			$row['status']    = $left <= 0
				? 'expired'
				: ( $left <= Normaliser::EXPIRING_WINDOW ? 'expiring' : 'active' );
			$row['products']  = $products[ (string) $key ] ?? array();
			$out[ (string) $key ] = $row;
		}
		return $out;
	}

	/**
	 * Keys of every row the list route returns for these arguments, in its order.
	 *
	 * @param array<string,mixed> $args
	 * @return string[]
	 */
	private function listed( array $args ): array {
		return array_map( 'strval', array_column( $this->all_rows( $args ), 'key' ) );
	}

	/**
	 * Seeds the store, then lists it twice: our first request makes CoCart save the key owner's own session, which
	 * the list fetched afresh then holds too, as the table does.
	 */
	private function seed( int $count, int $seed ): void {
		Control::seed( $count, $seed );
		$this->ok( 'GET', 'sessions' );
		$this->ok( 'GET', 'sessions', array( 'refresh' => true ) );
	}

	/**
	 * Waits until every cart's detail is cached (an items filter reads them within a time budget a request).
	 */
	private function read_every_detail(): void {
		for ( $tries = 0; $tries < 20; $tries++ ) {
			$pending = $this->call( 'GET', 'sessions', array( 'has_items' => 'yes' ) )
				->get_headers()['X-Cart-Sessions-Details-Pending'];
			if ( '0' === (string) $pending ) {
				return;
			}
		}
		$this->fail( 'the details were not all read' );
	}

	public function test_status_lists_email_expiry_and_product_filters_give_the_rows_of_a_direct_query(): void {
		$this->connect();
		$this->seed( 200, 31 );
		$this->read_every_detail();
		$now   = time();
		$exp   = $this->truth( $now );
		$owner = (string) $this->key['user_id'];
		$top   = array_count_values( array_merge( ...array_values( array_column( $exp, 'products' ) ) ) );
		arsort( $top );
		$product = (int) array_key_first( $top );
		$this->assertGreaterThan( 1, $top[ $product ], 'a product held by several carts' );

		$live = static function ( array $r ): bool {
			return 'expired' !== $r['status'];
		};
		$sets = array(
			array( array( 'status' => 'active,expiring' ), $live ),
			array( array( 'status' => array( 'active', 'expiring' ) ), $live ),
			array(
				array( 'status' => 'active,expired' ),
				static function ( array $r ): bool {
					return 'expiring' !== $r['status'];
				},
			),
			array(
				array( 'has_email' => 'yes' ),
				static function ( array $r ): bool {
					return '' !== $r['email'];
				},
			),
			array(
				array( 'has_email' => 'no' ),
				static function ( array $r ): bool {
					return '' === $r['email'];
				},
			),
			array(
				array( 'expires_within' => 7 ),
				static function ( array $r ) use ( $now ): bool {
					return $r['expiry'] <= $now + 7 * DAY_IN_SECONDS;
				},
			),
			array(
				array( 'status' => 'active,expiring', 'expires_within' => 1 ),
				static function ( array $r ) use ( $now ): bool {
					return $r['expiry'] > $now && $r['expiry'] <= $now + DAY_IN_SECONDS;
				},
			),
			array(
				array( 'product' => $product ),
				static function ( array $r ) use ( $product ): bool {
					return in_array( $product, $r['products'], true );
				},
			),
		);
		foreach ( $sets as list( $args, $match ) ) {
			$want = array_map( 'strval', array_keys( array_filter( $exp, $match ) ) );
			$got  = $this->listed( $args );
			sort( $want, SORT_STRING );
			sort( $got, SORT_STRING );
			$this->assertNotEmpty( $want, wp_json_encode( $args ) );
			$this->assertSame( $want, $got, 'filter ' . wp_json_encode( $args ) );
		}

		// "Worth chasing": live, with items, with an email, highest value first (ties by key).
		$worth = array_filter(
			$exp,
			static function ( array $r ) use ( $owner ): bool {
				return 'expired' !== $r['status'] && $r['item_count'] > 0 && '' !== $r['email'] && $owner !== $r['key'];
			}
		);
		uasort(
			$worth,
			static function ( array $a, array $b ): int {
				return ( (float) $b['total'] <=> (float) $a['total'] ) ?: strcmp( $a['key'], $b['key'] );
			}
		);
		$this->assertGreaterThan( 5, count( $worth ) );
		$this->assertSame(
			array_map( 'strval', array_keys( $worth ) ),
			$this->listed(
				array(
					'status'    => 'active,expiring',
					'has_items' => 'yes',
					'has_email' => 'yes',
					'orderby'   => 'total',
					'order'     => 'desc',
				)
			)
		);
	}

	public function test_a_bad_status_email_expiry_or_product_is_a_400_naming_the_field(): void {
		$this->connect();
		foreach ( array(
			'status'         => 'live',
			'has_email'      => 'maybe',
			'expires_within' => 3,
			'product'        => 0,
		) as $name => $bad ) {
			$response = $this->call( 'GET', 'sessions', array( $name => $bad ) );
			$this->assertSame( 400, $response->get_status(), $name );
			$this->assertArrayHasKey( $name, $response->get_data()['data']['params'], $name );
		}
		$this->assertSame( array(), $this->upstream, 'nothing reached the store' );
	}

	public function test_the_export_and_delete_all_matching_take_the_same_filter_as_the_list(): void {
		$this->connect();
		$this->seed( 90, 17 );
		$filter = array(
			'status'    => array( 'expired', 'expiring' ),
			'has_email' => 'no',
		);
		$listed = $this->listed( $filter );
		sort( $listed, SORT_STRING );
		$now  = time();
		$want = array_map(
			'strval',
			array_keys(
				array_filter(
					$this->truth( $now ),
					static function ( array $r ): bool {
						return 'active' !== $r['status'] && '' === $r['email'];
					}
				)
			)
		);
		sort( $want, SORT_STRING );
		$this->assertNotEmpty( $want );
		$this->assertSame( $want, $listed );

		$response = $this->call( 'GET', 'export', array( 'status' => 'expired,expiring', 'has_email' => 'no' ) );
		$this->assertSame( 200, $response->get_status() );
		$csv = $response->get_data();
		$this->assertInstanceOf( CsvExport::class, $csv );
		$out = fopen( 'php://memory', 'w+b' );
		$csv->send( $out );
		rewind( $out );
		$lines = array_slice( explode( "\n", trim( substr( (string) stream_get_contents( $out ), 3 ) ) ), 1 );
		fclose( $out );
		$exported = array_map(
			static function ( string $line ): string {
				return (string) str_getcsv( $line, ',', '"', '' )[0];
			},
			$lines
		);
		sort( $exported, SORT_STRING );
		$this->assertSame( $want, $exported, 'the export holds exactly the listed carts' );

		$result  = $this->ok(
			'POST',
			'sessions/delete',
			array(
				'filter'         => $filter,
				'expected_count' => count( $want ),
			)
		);
		$deleted = array_column( $result['results'], 'key' );
		sort( $deleted, SORT_STRING );
		$this->assertSame( $want, $deleted, 'delete all matching removes exactly the listed carts' );
		$this->assertSame( array(), array_values( array_intersect( $want, array_keys( $this->table() ) ) ) );
	}

	public function test_a_filter_of_only_every_status_is_no_filter_and_deletes_nothing_without_all(): void {
		$this->connect();
		Control::seed( 10, 3 );
		$before   = array_keys( $this->table() );
		$response = $this->call(
			'POST',
			'sessions/delete',
			array(
				'filter'         => array( 'status' => array( 'active', 'expiring', 'expired' ) ),
				'expected_count' => 100,
			)
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'cart_sessions_filter_matches_everything', $response->get_data()['code'] );
		$this->assertSame( $before, array_keys( $this->table() ) );
	}

	public function test_a_status_run_of_the_cached_list_holds_exactly_the_rows_of_those_statuses(): void {
		$now   = time();
		$rows  = array();
		$hours = array( -500, -30, -6, -1, 0, 1, 5, 6, 7, 30, 900 );
		// Over two chunks, with boundaries inside a chunk and on expiries equal to now and to now + 6 hours.
		for ( $i = 0; $i < ListCache::CHUNK + 700; $i++ ) {
			$rows[] = array(
				'key'        => sprintf( 'k%05d', $i ),
				'customer'   => array(
					'name'  => null,
					'email' => null,
				),
				'created'    => null,
				'expires'    => gmdate(
					Normaliser::DATE_FORMAT,
					$now + $hours[ $i % count( $hours ) ] * HOUR_IN_SECONDS
				),
				'source'     => 'cocart',
				'item_count' => null,
				'total'      => null,
			);
		}
		$cache  = new ListCache( 'status-run-test' );
		$stored = $cache->put( $rows, 'released' );
		$normaliser = new Normaliser( 2, null, $now );
		foreach ( $stored as &$row ) {
			$row['status'] = $normaliser->status( $row['expires'] );
		}
		unset( $row );
		$combinations = array(
			array( 'active' ),
			array( 'expiring' ),
			array( 'expired' ),
			Query::LIVE,
			array( 'expiring', 'expired' ),
		);
		foreach ( $combinations as $statuses ) {
			$want = array_column( Query::filter( $stored, array( 'status' => $statuses ) ), 'pos' );
			$run  = ( new ListCache( 'status-run-test' ) )->status_run( $statuses, $now );
			$this->assertNotNull( $run, implode( ',', $statuses ) );
			$this->assertNotEmpty( $want );
			$this->assertSame( $want, range( $run[0], $run[1] - 1 ), implode( ',', $statuses ) );
		}
		$this->assertNull( $cache->status_run( array( 'active', 'expired' ), $now ), 'a gap is not one run' );

		// A row without an expiry counts as active but sorts last: no run then.
		$rows[0]['expires'] = null;
		$cache->put( $rows, 'released' );
		$this->assertNull( ( new ListCache( 'status-run-test' ) )->status_run( Query::LIVE, $now ) );
		$cache->clear();
	}

	public function test_the_live_view_pages_come_from_the_cached_list_and_equal_the_filtered_list(): void {
		$this->connect();
		$this->seed( 150, 8 );
		$args = array(
			'status'  => 'active,expiring',
			'details' => 'cached',
		);
		$cold = $this->listed( $args + array( 'refresh' => true ) );
		$this->upstream = array();
		$warm = $this->listed( $args );
		$this->assertSame( $cold, $warm );
		$this->assertSame( array(), $this->upstream, 'no store request for a warm live view' );
		$want = array_map(
			'strval',
			array_keys( array_filter( $this->truth( time() ), static function ( array $r ): bool {
				return 'expired' !== $r['status'];
			} ) )
		);
		sort( $want, SORT_STRING );
		sort( $warm, SORT_STRING );
		$this->assertSame( $want, $warm );
	}
}
