<?php
/**
 * Base class for tests against the real WordPress: each test runs in a database transaction that is rolled back,
 * with a fresh object cache, REST server and anonymous user. (Stands in for WP_UnitTestCase, which is not
 * obtainable here.)
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

abstract class WpTestCase extends TestCase {

	/**
	 * Whether this test class calls CoCart on this site in-process. The test site is its own store (the double),
	 * so without this every test of the HTTP client would go in-process; tests of the in-process transport set it.
	 *
	 * @var bool
	 */
	protected $in_process = false;

	/**
	 * Filters added by a test with add_test_filter(), removed after it.
	 *
	 * @var array<int,array{0:string,1:callable}>
	 */
	private $test_filters = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		wp_cache_flush();
		$GLOBALS['wp_rest_server'] = null;
		wp_set_current_user( 0 );
		if ( ! $this->in_process ) {
			$this->add_test_filter( 'cart_sessions_in_process', '__return_false' );
		}
	}

	protected function tearDown(): void {
		global $wpdb;
		foreach ( $this->test_filters as list( $hook, $callback ) ) {
			remove_filter( $hook, $callback );
		}
		$this->test_filters = array();
		$wpdb->query( 'ROLLBACK' );
		wp_cache_flush();
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	/**
	 * add_filter() for this test only.
	 */
	protected function add_test_filter( string $hook, callable $callback ): void {
		add_filter( $hook, $callback );
		$this->test_filters[] = array( $hook, $callback );
	}

	/**
	 * Creates a user with the given role (or no role, then adds capabilities) and logs them in.
	 *
	 * @param string   $role Role name, or '' for none.
	 * @param string[] $caps Extra capabilities to grant.
	 */
	protected function log_in_as( string $role, array $caps = array() ): WP_User {
		$id = wp_insert_user(
			array(
				'user_login' => 'user_' . wp_generate_password( 8, false ),
				'user_pass'  => wp_generate_password(),
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id );
		$user = new WP_User( $id );
		foreach ( $caps as $cap ) {
			$user->add_cap( $cap );
		}
		wp_set_current_user( $id );
		return wp_get_current_user();
	}

	/**
	 * Dispatches a REST request in-process.
	 *
	 * @param array<string,mixed> $params
	 */
	protected function rest( string $method, string $route, array $params = array() ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $route );
		foreach ( $params as $key => $value ) {
			$request->set_param( $key, $value );
		}
		return rest_do_request( $request );
	}
}
