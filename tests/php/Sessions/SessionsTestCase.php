<?php
/**
 * Shared set-up for the Sessions routes against the store double over real HTTP: a connection with a fresh key,
 * an administrator, a counter of upstream requests (http_api_debug fires for each, sequential or parallel), and
 * a clean slate of the plugin's caches. Not a test itself.
 */

declare(strict_types=1);

use CartSessions\CoCart\DebugLog;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;
use CartSessions\Sessions\DeletePermission;
use CartSessions\Sessions\KeyOwner;
use CoCartDouble\CartData;
use CoCartDouble\Schema;

abstract class SessionsTestCase extends HttpTestCase {

	/** @var array<int,array{method:string,url:string,status:int}> */
	protected $upstream = array();

	/** @var array<string,mixed> */
	protected $key = array();

	protected function setUp(): void {
		parent::setUp();
		$this->forget_everything();
		$this->add_test_filter( 'https_ssl_verify', '__return_false' );
		$count_upstream = function ( $response, $context, $class, $args, $url ): void {
			$this->upstream[] = array(
				'method' => strtoupper( (string) ( $args['method'] ?? 'GET' ) ),
				'url'    => (string) $url,
				'status' => is_array( $response ) ? (int) wp_remote_retrieve_response_code( $response ) : 0,
			);
		};
		$this->add_test_filter( 'http_api_debug', $count_upstream, 10, 5 );
		wp_set_current_user( $this->make_user( 'administrator' ) );
	}

	protected function tearDown(): void {
		$this->forget_everything();
		parent::tearDown();
	}

	private function forget_everything(): void {
		global $wpdb;
		$options = array(
			Settings::OPTION,
			Settings::STATE_OPTION,
			DebugLog::OPTION,
			'cart_sessions_store_info',
			KeyOwner::OPTION,
			KeyOwner::TIMES_OPTION,
			DeletePermission::OPTION,
			\CartSessions\Sessions\TooBig::OPTION,
		);
		foreach ( $options as $option ) {
			delete_option( $option );
		}
		delete_transient( SiteHealth::CACHE );
		$wpdb->query(
			"DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%cart\\_sessions\\_list\\_%' OR " .
				"option_name LIKE '\\_transient\\_%cart\\_sessions\\_details\\_%'"
		);
		wp_cache_flush();
	}

	/**
	 * Saves a connection to the double with a new key of the given permission.
	 *
	 * @return array<string,mixed> The key.
	 */
	protected function connect( string $permissions = 'read_write', string $url = self::HTTP ): array {
		$this->key = $this->make_key( $permissions );
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => $url,
					'consumer_key'    => $this->key['consumer_key'],
					'consumer_secret' => $this->key['consumer_secret'],
				)
			)
		);
		return $this->key;
	}

	/**
	 * A route of ours, in-process (its upstream requests are real HTTP to the double).
	 *
	 * @param array<string,mixed> $params
	 */
	protected function call( string $method, string $route, array $params = array() ): WP_REST_Response {
		$GLOBALS['wp_rest_server'] = null;
		return $this->rest( $method, '/cart-sessions/v1/' . ltrim( $route, '/' ), $params, 'POST' === $method );
	}

	/**
	 * @param array<string,mixed> $params
	 * @return array<string,mixed>
	 */
	protected function ok( string $method, string $route, array $params = array() ): array {
		$response = $this->call( $method, $route, $params );
		$this->assertSame(
			200,
			$response->get_status(),
			"$method $route: " . substr( (string) wp_json_encode( $response->get_data() ), 0, 600 )
		);
		return $response->get_data();
	}

	/**
	 * Upstream requests since the last reset, by kind: list, single, delete, status, other.
	 *
	 * @return array<string,int>
	 */
	protected function counts(): array {
		$out = array(
			'list'   => 0,
			'single' => 0,
			'delete' => 0,
			'status' => 0,
			'other'  => 0,
		);
		foreach ( $this->upstream as $r ) {
			$path = (string) wp_parse_url( $r['url'], PHP_URL_PATH );
			if ( preg_match( '#/cocart/v2/sessions/?$#', $path ) ) {
				++$out['list'];
			} elseif ( preg_match( '#/cocart/v2/sessions?/[^/]+/?$#', $path ) ) {
				++$out[ 'DELETE' === $r['method'] ? 'delete' : 'single' ];
			} elseif ( false !== strpos( $path, '/wc/v3/system_status' ) ) {
				++$out['status'];
			} else {
				++$out['other'];
			}
		}
		return $out;
	}

	/**
	 * Every row of the double's table, with what the tests compare: key, name, email, expiry, created, source,
	 * item count and total (from the stored session, as the double's single route computes them).
	 *
	 * @return array<string,array<string,mixed>>
	 */
	protected function table(): array {
		global $wpdb;
		$out = array();
		foreach ( (array) $wpdb->get_results( 'SELECT * FROM ' . Schema::carts_table(), ARRAY_A ) as $row ) {
			$session  = CartData::read( (string) $row['cart_value'] ) ?? array();
			$customer = is_array( $session['customer'] ?? null ) ? $session['customer'] : array();
			$cart     = $session['cart_cache'] ?? $session['cart'] ?? array();
			$count    = 0;
			foreach ( (array) $cart as $item ) {
				$count += $item['quantity'] ?? 0;
			}
			$first                     = (string) ( $customer['first_name'] ?? '' );
			$last                      = (string) ( $customer['last_name'] ?? '' );
			$out[ $row['cart_key'] ] = array(
				'key'        => (string) $row['cart_key'],
				'name'       => trim( $first . ( '' !== $last ? ' ' . $last : '' ) ),
				'email'      => trim( (string) ( $customer['email'] ?? '' ) ),
				'expiry'     => (int) $row['cart_expiry'],
				'created'    => (int) $row['cart_created'],
				'source'     => (string) $row['cart_source'],
				'item_count' => floor( (float) $count ) === (float) $count ? (int) $count : (float) $count,
				'total'      => number_format( (float) ( $session['cart_totals']['total'] ?? 0 ), 2, '.', '' ),
			);
		}
		return $out;
	}

	/**
	 * Every row our list route returns for these arguments, all pages.
	 *
	 * @param array<string,mixed> $args
	 * @return array<int,array<string,mixed>>
	 */
	protected function all_rows( array $args ): array {
		$rows = array();
		for ( $page = 1; ; $page++ ) {
			$body = $this->ok( 'GET', 'sessions', array( 'page' => $page, 'per_page' => 100 ) + $args );
			$rows = array_merge( $rows, $body['items'] );
			if ( $page >= $body['total_pages'] ) {
				$this->assertCount( $body['total'], $rows );
				return $rows;
			}
		}
	}
}
